// docs/study-format.md documents every [campaign] and [model] parameter of the registry, in its section.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>

#include "study/campaign_parameters.hpp"

namespace bosim {
namespace {

/// name -> section of every row of the "Campaign parameters" table (a row may name several parameters).
std::map<std::string, std::string> documented_parameters(const std::string& path) {
  std::ifstream in(path);
  std::map<std::string, std::string> documented;
  std::string line;
  bool in_section = false;
  const std::regex row(R"(^\|([^|]*)\|\s*(campaign|model)\s*\|)");
  const std::regex name("`([a-z_0-9]+)`");
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) in_section = line == "## Campaign parameters";
    std::smatch cells;
    if (!in_section || !std::regex_search(line, cells, row)) continue;
    const std::string first = cells[1].str();
    for (auto it = std::sregex_iterator(first.begin(), first.end(), name); it != std::sregex_iterator(); ++it)
      documented[(*it)[1].str()] = cells[2].str();
  }
  return documented;
}

TEST(StudyFormatDoc, DocumentsEveryCampaignAndModelParameterInItsSection) {
  const std::string path = std::string(BOSIM_SOURCE_DIR) + "/docs/study-format.md";
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  std::map<std::string, std::string> documented = documented_parameters(path);
  ASSERT_GT(documented.size(), 10u) << "the table of " << path << " was not found";
  for (const ParameterDescriptor& parameter : campaign_parameters()) {
    const auto entry = documented.find(parameter.name);
    if (entry == documented.end()) {
      ADD_FAILURE() << "'" << parameter.name << "' (" << parameter.section
                    << ") is missing from the Campaign parameters"
                    << " table of " << path;
      continue;
    }
    EXPECT_EQ(entry->second, parameter.section) << parameter.name;
    documented.erase(entry);
  }
  for (const auto& [name, section] : documented)
    ADD_FAILURE() << path << " documents '" << name << "' in [" << section << "], which bosim does not accept";
}

}  // namespace
}  // namespace bosim
