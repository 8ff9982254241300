#include "common/output_path.hpp"

#include <filesystem>

#include "common/input_error.hpp"

namespace bosim {

void check_output_name(const std::string& path) {
  if (path.empty())
    throw InputError("the output file name is empty (an unset variable in a job script?); give -o RESULTS.h5",
                     {"", 0, 0, "--output"});
}

void check_output_path(const std::string& path, bool force, const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
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
  const fs::path folder = output.has_parent_path() ? output.parent_path() : fs::path(".");
  if (!fs::is_directory(folder))
    throw InputError("folder of the output file does not exist: " + folder.string(), {path, 0, 0, "--output"});
}

void write_then_rename(const std::string& path, const std::function<void(const std::string& partial)>& write) {
  const std::string partial = path + ".partial";
  try {
    write(partial);
    std::filesystem::rename(partial, path);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw;
  }
}

}  // namespace bosim
