// The Suzuki–Miyaura dataset (../shared): five detected categorical features, descriptor codes for every level, and
// one short EI campaign per encoding.
#include <gtest/gtest.h>

#include "campaign/campaign.hpp"
#include "campaign/descriptor_encoding.hpp"
#include "campaign/input_encoder.hpp"
#include "test_support.hpp"
#include "truth/dataset_truth.hpp"

namespace bosim {
namespace {

TEST(SuzukiDataset, TextColumnsBecomeFiveCategoricalFeatures) {
  BOSIM_REQUIRE_SHARED_DATASET(path, "suzuki_edbo.csv");
  DatasetSpec spec;
  spec.path = path;
  const DatasetTruth truth = DatasetTruth::load(spec);
  EXPECT_EQ(truth.size(), 3696);
  const std::vector<size_t> expected_levels = {4, 3, 7, 11, 4};
  ASSERT_EQ(truth.space().features().size(), expected_levels.size());
  for (size_t j = 0; j < expected_levels.size(); ++j)
    EXPECT_EQ(truth.space().features()[j].levels.size(), expected_levels[j]) << truth.space().features()[j].name;
  EXPECT_EQ(truth.optimal_designs().size(), 3u);
  EXPECT_EQ(truth.expected_value(truth.optimal_designs().front()), 100.0);
}

TEST(SuzukiDataset, DescriptorsCoverEveryLevel) {
  BOSIM_REQUIRE_SHARED_DATASET(path, "suzuki_edbo.csv");
  BOSIM_REQUIRE_SHARED_DATASET(descriptor_path, "suzuki_edbo_descriptors.csv");
  DatasetSpec spec;
  spec.path = path;
  const DatasetTruth truth = DatasetTruth::load(spec);
  const DescriptorTable table = DescriptorTable::read(descriptor_path);
  const InputEncoder encoder(truth.space(), CategoricalEncoding::descriptors, &table);
  // At most L − 1 principal coordinates per variable: 3 + 2 + 6 + 10 + 3 = 24.
  EXPECT_LE(encoder.encoded_dimension(), 24);
  EXPECT_GE(encoder.encoded_dimension(), 5);
  for (const FeatureRange& feature : truth.space().features()) {
    const Eigen::MatrixXd codes = descriptor_codes(feature, table, SourcePosition());
    EXPECT_EQ(codes.rows(), static_cast<Eigen::Index>(feature.levels.size()));
    EXPECT_TRUE(codes.allFinite());
  }
}

TEST(SuzukiDataset, ShortExpectedImprovementCampaignRunsWithEveryEncoding) {
  BOSIM_REQUIRE_SHARED_DATASET(path, "suzuki_edbo.csv");
  BOSIM_REQUIRE_SHARED_DATASET(descriptor_path, "suzuki_edbo_descriptors.csv");
  DatasetSpec spec;
  spec.path = path;
  const DatasetTruth truth = DatasetTruth::load(spec);
  const auto table = std::make_shared<const DescriptorTable>(DescriptorTable::read(descriptor_path));
  for (const CategoricalEncodingName& entry : categorical_encoding_table()) {
    CampaignSettings settings;
    settings.encoding = entry.encoding;
    settings.descriptors = table;
    settings.n_init = 10;
    settings.budget = 20;
    settings.restarts = 0;
    const RunRecord record = run_campaign(truth, settings, RunIdentity{15, 0, 0});
    EXPECT_EQ(record.chosen.size(), record.found ? static_cast<size_t>(record.experiments_to_optimum) : 20u)
        << entry.name;
    EXPECT_EQ(record.fit_failures, 0) << entry.name;
    EXPECT_EQ(record.n_fits, static_cast<int>(record.chosen.size()) - 10) << entry.name;  // one fit per choice
  }
}

}  // namespace
}  // namespace bosim
