// Tests of the campaign-parameter registry: every parameter stores and reads back its values, and range checks reject
// bad ones.
#include "study/campaign_parameters.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <set>

#include "test_support.hpp"

namespace bosim {
namespace {

/// A valid value different from the default, for each type.
ParameterValue other_value(const ParameterDescriptor& parameter, const ParameterValue& current) {
  switch (parameter.type) {
    case ParameterType::integer:
      return std::get<std::int64_t>(current) + 3;
    case ParameterType::real:
      return std::get<double>(current) == 0.25 ? 0.75 : 0.25;
    case ParameterType::boolean:
      return !std::get<bool>(current);
    case ParameterType::text:
      if (parameter.choices.empty()) return std::get<std::string>(current) + "other.csv";  // a file name
      for (const auto& choice : parameter.choices)
        if (choice != std::get<std::string>(current)) return choice;
  }
  return current;
}

TEST(CampaignParameters, EveryParameterRoundTripsThroughSettings) {
  std::set<std::string> names;
  for (const auto& parameter : campaign_parameters()) {
    EXPECT_TRUE(names.insert(parameter.name).second) << "duplicate " << parameter.name;
    EXPECT_TRUE(parameter.section == "campaign" || parameter.section == "model") << parameter.name;
    EXPECT_EQ(find_campaign_parameter(parameter.name), &parameter);
    CampaignSettings settings;
    const ParameterValue before = parameter.get(settings);
    EXPECT_FALSE(parameter.check(before).has_value()) << "default of " << parameter.name << " fails its own check";
    const ParameterValue after = other_value(parameter, before);
    ASSERT_NE(after, before) << parameter.name;
    parameter.set(settings, after);
    EXPECT_EQ(parameter.get(settings), after) << parameter.name;
    // Randomized draws are set as doubles, so only real parameters may be randomizable.
    if (parameter.randomizable) {
      EXPECT_EQ(parameter.type, ParameterType::real) << parameter.name;
    }
  }
  EXPECT_EQ(find_campaign_parameter("no_such_parameter"), nullptr);
}

TEST(CampaignParameters, TextChoicesAreTheParsedNames) {
  for (const auto& parameter : campaign_parameters()) {
    if (parameter.type != ParameterType::text) continue;
    for (const auto& choice : parameter.choices) {
      CampaignSettings settings;
      parameter.set(settings, choice);
      EXPECT_EQ(std::get<std::string>(parameter.get(settings)), choice) << parameter.name;
    }
  }
}

TEST(CampaignParameters, RangeChecks) {
  const auto rejects = [](const std::string& name, const ParameterValue& value) {
    return find_campaign_parameter(name)->check(value).has_value();
  };
  EXPECT_TRUE(rejects("epsilon", 0.0));
  EXPECT_FALSE(rejects("epsilon", 1e-12));
  EXPECT_TRUE(rejects("alpha", 1.0));
  EXPECT_FALSE(rejects("alpha", 0.5));
  EXPECT_TRUE(rejects("beta0", -0.1));
  EXPECT_FALSE(rejects("beta0", 0.0));
  EXPECT_TRUE(rejects("n_init", std::int64_t{0}));
  EXPECT_TRUE(rejects("restarts", std::int64_t{-1}));
  EXPECT_FALSE(rejects("budget", std::int64_t{0}));
  EXPECT_TRUE(rejects("delta", std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(rejects("delta", -5.0));
}

TEST(CampaignParameters, ValuesAsText) {
  EXPECT_EQ(to_string(ParameterValue(std::int64_t{42})), "42");
  EXPECT_EQ(to_string(ParameterValue(0.1)), "0.1");
  EXPECT_EQ(to_string(ParameterValue(60.0)), "60");
  EXPECT_EQ(to_string(ParameterValue(true)), "true");
  EXPECT_EQ(to_string(ParameterValue(std::string("ei"))), "ei");
}

}  // namespace
}  // namespace bosim
