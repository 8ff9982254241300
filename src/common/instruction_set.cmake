# Instruction set of the build: resolves the cache variable BOSIM_ARCH into the -march flag of every
# target and the CPU features the binaries then require (checked at start-up by apps/bosim/cpu_guard.cpp).
#
# Sets in the caller's scope:
#   BOSIM_MARCH_FLAG             "" (portable) or "-march=VALUE"
#   BOSIM_INSTRUCTION_SET        what the build targets, e.g. "x86-64-v3" or "native (znver3)"
#   BOSIM_REQUIRED_CPU_FEATURES  comma-separated __builtin_cpu_supports names, e.g. "sse3,...,avx2,fma"

include(CheckCXXCompilerFlag)
include(CheckCXXSourceRuns)

# Predefined macro of a feature -> its name for __builtin_cpu_supports (GCC 12). Only features the
# compiler may use for vectorized floating-point code are listed; cpu_guard.cpp knows the same names.
set(bosim_cpu_feature_macros
    __SSE3__=sse3 __SSSE3__=ssse3 __SSE4_1__=sse4.1 __SSE4_2__=sse4.2 __POPCNT__=popcnt __AVX__=avx
    __AVX2__=avx2 __FMA__=fma __BMI__=bmi __BMI2__=bmi2 __AVX512F__=avx512f __AVX512CD__=avx512cd
    __AVX512VL__=avx512vl __AVX512BW__=avx512bw __AVX512DQ__=avx512dq)

function(bosim_resolve_instruction_set)
  set(arch "${BOSIM_ARCH}")
  set(x86_64 FALSE)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
    set(x86_64 TRUE)
  endif()

  if(arch STREQUAL "auto")
    set(arch "portable")
    if(x86_64 AND NOT CMAKE_CROSSCOMPILING)
      check_cxx_source_runs("int main() { return __builtin_cpu_supports(\"x86-64-v3\") ? 0 : 1; }"
                            BOSIM_BUILD_MACHINE_HAS_X86_64_V3)
      if(BOSIM_BUILD_MACHINE_HAS_X86_64_V3)
        set(arch "x86-64-v3")
      endif()
    endif()
  endif()

  if(arch STREQUAL "portable")
    set(flag "")
    set(name "${CMAKE_SYSTEM_PROCESSOR} (portable)")
  else()
    set(flag "-march=${arch}")
    string(MAKE_C_IDENTIFIER "BOSIM_COMPILER_ACCEPTS_MARCH_${arch}" accepted)
    check_cxx_compiler_flag("${flag}" ${accepted})
    if(NOT ${accepted})
      message(FATAL_ERROR "BOSIM_ARCH=${BOSIM_ARCH}: the compiler does not accept ${flag}. "
                          "Use auto, portable, native or a -march value of ${CMAKE_CXX_COMPILER_ID}.")
    endif()
    set(name "${arch}")
    if(arch STREQUAL "native")
      execute_process(COMMAND ${CMAKE_CXX_COMPILER} -march=native -Q --help=target OUTPUT_VARIABLE target_help
                      ERROR_QUIET)
      if(target_help MATCHES "-march=[ \t]+([A-Za-z0-9_.-]+)")
        set(name "native (${CMAKE_MATCH_1})")
      endif()
    endif()
  endif()

  set(features "")
  if(x86_64)
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} ${flag} -dM -E -x c++ /dev/null OUTPUT_VARIABLE macros ERROR_QUIET)
    foreach(pair IN LISTS bosim_cpu_feature_macros)
      string(REPLACE "=" ";" pair "${pair}")
      list(GET pair 0 macro)
      list(GET pair 1 feature)
      if(macros MATCHES "#define ${macro} ")
        list(APPEND features "${feature}")
      endif()
    endforeach()
  endif()
  list(JOIN features "," features)

  if(flag)
    add_compile_options(${flag})
    if(macros MATCHES "#define __AVX512F__ ")
      # GCC 12's AVX-512 intrinsic headers raise false -Wmaybe-uninitialized warnings (GCC bug 105593).
      add_compile_options(-Wno-maybe-uninitialized)
    endif()
  endif()
  message(STATUS "bosim instruction set: ${name} (BOSIM_ARCH=${BOSIM_ARCH})")
  set(BOSIM_MARCH_FLAG "${flag}" PARENT_SCOPE)
  set(BOSIM_INSTRUCTION_SET "${name}" PARENT_SCOPE)
  set(BOSIM_REQUIRED_CPU_FEATURES "${features}" PARENT_SCOPE)
endfunction()
