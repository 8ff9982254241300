#include "common/output_path.hpp"

#include <filesystem>

#include "common/input_error.hpp"

namespace bosim {

void check_output_path(const std::string& path, bool force) {
  namespace fs = std::filesystem;
  const fs::path output(path);
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
