// Start-up check that the CPU has every instruction-set feature this binary was compiled for.
//
// A binary built for x86-64-v3 (CMake BOSIM_ARCH=auto on a recent machine) dies of SIGILL, with no
// word of why, on a CPU without AVX2; this check stops it first with a message and exit code 2.
// apps/CMakeLists.txt compiles this file for the baseline x86-64, and it runs as a constructor of
// high priority, before the static initializers of code that may use the newer instructions. It
// calls only the C library: an inline C++ library function instantiated here could be merged by the
// linker with a copy compiled for the newer instruction set.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#ifndef BOSIM_REQUIRED_CPU_FEATURES
#error "apps/CMakeLists.txt defines BOSIM_REQUIRED_CPU_FEATURES (common/instruction_set.cmake)"
#endif

namespace {

#if defined(__x86_64__)
struct CpuFeature {
  const char* name;
  bool (*supported)();
};

// The names of common/instruction_set.cmake; __builtin_cpu_supports takes only literals.
#define BOSIM_CPU_FEATURE(literal)                               \
  {                                                              \
    literal, [] { return __builtin_cpu_supports(literal) != 0; } \
  }
const CpuFeature known_features[] = {
    BOSIM_CPU_FEATURE("sse3"),     BOSIM_CPU_FEATURE("ssse3"),    BOSIM_CPU_FEATURE("sse4.1"),
    BOSIM_CPU_FEATURE("sse4.2"),   BOSIM_CPU_FEATURE("popcnt"),   BOSIM_CPU_FEATURE("avx"),
    BOSIM_CPU_FEATURE("avx2"),     BOSIM_CPU_FEATURE("fma"),      BOSIM_CPU_FEATURE("bmi"),
    BOSIM_CPU_FEATURE("bmi2"),     BOSIM_CPU_FEATURE("avx512f"),  BOSIM_CPU_FEATURE("avx512cd"),
    BOSIM_CPU_FEATURE("avx512vl"), BOSIM_CPU_FEATURE("avx512bw"), BOSIM_CPU_FEATURE("avx512dq"),
};
#undef BOSIM_CPU_FEATURE

/// Whether `name` is one entry of the comma-separated `list`.
bool listed(const char* list, const char* name) {
  const std::size_t length = std::strlen(name);
  for (const char* entry = list; *entry != '\0';) {
    const char* end = std::strchr(entry, ',');
    const std::size_t entry_length = end ? static_cast<std::size_t>(end - entry) : std::strlen(entry);
    if (entry_length == length && std::strncmp(entry, name, length) == 0) return true;
    if (!end) break;
    entry = end + 1;
  }
  return false;
}

/// Test hook: BOSIM_PRETEND_CPU_LACKS=avx2,fma makes the check treat those features as missing.
bool pretends_to_lack(const char* name) {
  const char* lacking = std::getenv("BOSIM_PRETEND_CPU_LACKS");
  return lacking && listed(lacking, name);
}

__attribute__((constructor(101))) void require_cpu_features() {
  __builtin_cpu_init();
  char missing[256] = "";
  for (const CpuFeature& feature : known_features) {
    if (!listed(BOSIM_REQUIRED_CPU_FEATURES, feature.name)) continue;
    if (feature.supported() && !pretends_to_lack(feature.name)) continue;
    std::strncat(missing, " ", sizeof missing - std::strlen(missing) - 1);
    std::strncat(missing, feature.name, sizeof missing - std::strlen(missing) - 1);
  }
  if (missing[0] == '\0') return;
  std::fprintf(stderr,
               "bosim: this binary was built for %s, and this CPU lacks:%s.\n"
               "Build bosim on a machine of this type, or configure it with -DBOSIM_ARCH=portable to run on any "
               "x86-64 CPU.\n",
               BOSIM_INSTRUCTION_SET, missing);
  std::_Exit(2);  // exit_code::bad_input; nothing has run yet, so there is nothing to flush or clean up
}
#endif

}  // namespace
