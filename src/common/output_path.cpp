#include "common/output_path.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/input_error.hpp"

namespace bosim {

namespace {

namespace fs = std::filesystem;

fs::path folder_of(const fs::path& output) { return output.has_parent_path() ? output.parent_path() : fs::path("."); }

[[noreturn]] void throw_output_error(const std::string& what, const std::string& path, int error_number) {
  throw InputError(what + ": " + std::strerror(error_number), {path, 0, 0, "--output"});
}

/// Creates a unique PATH.partial-XXXXXX (empty) and returns its name.
std::string create_unique_partial(const std::string& path) {
  std::string name = path + std::string(partial_suffix_pattern);
  const int descriptor = ::mkstemp(name.data());
  if (descriptor < 0) throw_output_error("cannot create a temporary file beside the output", path, errno);
  const bool mode_set = ::fchmod(descriptor, new_file_mode()) == 0;
  ::close(descriptor);
  if (!mode_set) throw_output_error("cannot create a temporary file beside the output", path, errno);
  return name;
}

}  // namespace

mode_t new_file_mode() {
  // The umask is read from /proc (umask() itself can only be read by setting it, which races with other threads).
  static const mode_t mode = [] {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(0666 & ~std::stoul(line.substr(6), nullptr, 8));
    return static_cast<mode_t>(0644);
  }();
  return mode;
}

void check_output_location(const std::string& path) {
  const fs::path folder = folder_of(path);
  const std::string file_name = fs::path(path).filename().string();
  const long name_max = ::pathconf(folder.c_str(), _PC_NAME_MAX);
  const std::size_t limit = name_max > 0 ? static_cast<std::size_t>(name_max) : NAME_MAX;
  if (file_name.size() + longest_derived_suffix > limit)
    throw InputError("output file name is " + std::to_string(file_name.size()) + " bytes long; bosim writes files " +
                         std::to_string(longest_derived_suffix) + " bytes longer beside it (" +
                         std::string(journal_suffix) + std::string(partial_suffix_pattern) +
                         ") and this file system allows names of at most " + std::to_string(limit) +
                         " bytes: choose a name of at most " + std::to_string(limit - longest_derived_suffix),
                     {path, 0, 0, "--output"});
  std::string probe = (folder / ".bosim-probe-XXXXXX").string();
  const int descriptor = ::mkstemp(probe.data());
  if (descriptor < 0) throw_output_error("cannot create files in the output's folder " + folder.string(), path, errno);
  ::close(descriptor);
  ::unlink(probe.c_str());
}

void check_output_name(const std::string& path) {
  if (path.empty())
    throw InputError("the output file name is empty (an unset variable in a job script?); give -o RESULTS.h5",
                     {"", 0, 0, "--output"});
}

void check_output_path(const std::string& path, bool force, const std::vector<std::string>& inputs) {
  check_output_name(path);
  const fs::path output(path);
  std::error_code error;
  for (const std::string& input : inputs)
    if (fs::equivalent(input, output, error))
      throw InputError("the output is an input of this command (" + input +
                           "); --force never overwrites an input: choose another output file",
                       {path, 0, 0, "--output"});
  if (fs::is_directory(output)) throw InputError("output path is a folder", {path, 0, 0, "--output"});
  if (fs::exists(output) && !force)
    throw InputError("output file exists; pass --force to overwrite it", {path, 0, 0, "--output"});
  const fs::path folder = folder_of(output);
  if (!fs::is_directory(folder))
    throw InputError("folder of the output file does not exist: " + folder.string(), {path, 0, 0, "--output"});
  check_output_location(path);
}

void write_then_rename(const std::string& path, const std::function<void(const std::string& partial)>& write) {
  const std::string partial = create_unique_partial(path);
  try {
    write(partial);
    std::filesystem::rename(partial, path);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw;
  }
}

void write_file_durably(const std::string& path, std::string_view bytes) {
  write_then_rename(path, [&](const std::string& partial) {
    const int descriptor = ::open(partial.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (descriptor < 0) throw_output_error("cannot open " + partial, path, errno);
    std::size_t written = 0;
    while (written < bytes.size()) {
      const ssize_t n = ::write(descriptor, bytes.data() + written, bytes.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        const int error_number = errno;
        ::close(descriptor);
        throw_output_error("cannot write the output", path, error_number);
      }
      written += static_cast<std::size_t>(n);
    }
    if (::fsync(descriptor) != 0) {
      const int error_number = errno;
      ::close(descriptor);
      throw_output_error("cannot write the output", path, error_number);
    }
    if (::close(descriptor) != 0) throw_output_error("cannot write the output", path, errno);
  });
}

void throw_output_write_error(const std::string& path, int error_number) {
  throw_output_error("cannot write the output", path, error_number);
}

void sync_written_file(const std::string& written, const std::string& path) {
  const int descriptor = ::open(written.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) throw_output_error("cannot open " + written, path, errno);
  const int error_number = ::fsync(descriptor) == 0 ? 0 : errno;
  ::close(descriptor);
  if (error_number != 0) throw_output_write_error(path, error_number);
}

}  // namespace bosim
