#include "study/descriptor_file.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include "campaign/input_encoder.hpp"
#include "common/file_hash.hpp"

namespace bosim {

void attach_descriptors(ParsedStudy& parsed, const GroundTruth& truth) {
  Study& study = parsed.study;
  const std::filesystem::path folder = std::filesystem::path(study.path).parent_path();
  std::map<std::string, std::shared_ptr<const DescriptorTable>> loaded;  // resolved path → its table
  for (std::size_t i = 0; i < study.configurations.size(); ++i) {
    CampaignSettings& settings = study.configurations[i].settings;
    if (settings.encoding != CategoricalEncoding::descriptors) {
      settings.descriptors_file.clear();
      continue;
    }
    const std::string label = "configuration " + std::to_string(study.configurations[i].config_id) + ": ";
    if (settings.descriptors_file.empty())
      throw InputError(label +
                           "encoding = \"descriptors\" needs descriptors = \"…\" in [model]: a CSV of the "
                           "descriptors of each level",
                       parsed.origins[i].of("encoding"));
    const SourcePosition where = parsed.origins[i].of("descriptors");
    const std::string path = (folder / settings.descriptors_file).lexically_normal().string();
    auto [entry, first] = loaded.try_emplace(path);
    if (first) {
      if (!std::filesystem::is_regular_file(path))
        throw InputError("descriptors file not found: " + path + " (paths are relative to the study file's folder)",
                         where);
      entry->second = std::make_shared<const DescriptorTable>(DescriptorTable::read(path));
      study.inputs.push_back({path, fnv1a_hex(read_file_bytes(path))});
    }
    settings.descriptors = entry->second;
    try {
      (void)InputEncoder(truth.space(), settings.encoding, settings.descriptors.get(), where);
    } catch (const std::invalid_argument& error) {
      throw InputError(label + error.what(), where);
    }
  }
}

}  // namespace bosim
