// Known-answer tests of the random streams and the file hash: every result of bosim depends on them, so a
// change in any output is a change of every number bosim produces.
//
// Expected values come from an independent Python implementation of the published algorithms, itself
// checked against the published reference outputs quoted below:
//   SplitMix64 generator seeded with 0 (Vigna, splitmix64.c): e220a8397b1dcdaf 6e789e6aa1b965f4 06c45d188009454f …
//   xoshiro256** 1.0 from the state {1, 2, 3, 4} (Blackman & Vigna, xoshiro256starstar.c): 11520 0 1509978240 …
//   FNV-1a 64 (Fowler, Noll, Vo test vectors): "" cbf29ce484222325, "a" af63dc4c8601ec8c, "foobar" 85944171f73967e8
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/file_hash.hpp"
#include "common/input_error.hpp"
#include "common/random.hpp"

namespace bosim {
namespace {

constexpr std::uint64_t golden_gamma = 0x9E3779B97F4A7C15ULL;

TEST(SplitMix64, MatchesTheReferenceSequenceSeededWithZero) {
  // Output i of the generator seeded with s is splitmix64(s + i·γ).
  const std::uint64_t expected[] = {0xe220a8397b1dcdafULL, 0x6e789e6aa1b965f4ULL, 0x06c45d188009454fULL,
                                    0xf88bb8a8724c81ecULL};
  for (std::uint64_t i = 0; i < 4; ++i) EXPECT_EQ(splitmix64(i * golden_gamma), expected[i]) << "output " << i;
}

TEST(SplitMix64, KnownAnswersAndSeedMixing) {
  EXPECT_EQ(splitmix64(1), 0x910a2dec89025cc1ULL);
  EXPECT_EQ(splitmix64(2), 0x975835de1c9756ceULL);
  EXPECT_EQ(splitmix64(0xFFFFFFFFFFFFFFFFULL), 0xe4d971771b652c20ULL);
  EXPECT_EQ(splitmix64(1234567), 0x599ed017fb08fc85ULL);
  EXPECT_EQ(mix_seed(7, 3), 0xe880a903bcff6547ULL);
  EXPECT_EQ(mix_seed(mix_seed(1, 2), 3), 0x05b42cdf42184245ULL);
  static_assert(splitmix64(0) == 0xe220a8397b1dcdafULL, "splitmix64 is constexpr and exact");
}

TEST(Xoshiro256StarStar, SeededStreamsMatchTheReferenceAlgorithm) {
  // The state is the first four SplitMix64 outputs of the seed; with the reference implementation's
  // {1, 2, 3, 4} state the Python model gives 11520, 0, 1509978240, 1215971899390074240, as published.
  Rng zero(0);
  for (const std::uint64_t expected : {0x99ec5f36cb75f2b4ULL, 0xbf6e1f784956452aULL, 0x1a5f849d4933e6e0ULL,
                                       0x6aa594f1262d2d2cULL, 0xbba5ad4a1f842e59ULL})
    EXPECT_EQ(zero(), expected);
  Rng forty_two(42);
  for (const std::uint64_t expected : {0x15780b2e0c2ec716ULL, 0x6104d9866d113a7eULL, 0xae17533239e499a1ULL,
                                       0xecb8ad4703b360a1ULL, 0xfde6dc7fe2ec5e64ULL})
    EXPECT_EQ(forty_two(), expected);
}

TEST(Xoshiro256StarStar, UniformTakesTheTop53Bits) {
  Rng rng(42);
  EXPECT_EQ(rng.uniform(), 0.08386297105988216);  // (0x15780b2e0c2ec716 >> 11) · 2⁻⁵³, exact
  EXPECT_EQ(rng.uniform(), 0.3789802506626686);
  EXPECT_EQ(rng.uniform(), 0.6800434110281394);
}

TEST(FileHash, Fnv1a64MatchesThePublishedTestVectors) {
  EXPECT_EQ(fnv1a_64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a_64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a_64("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(fnv1a_hex(""), "cbf29ce484222325");
  EXPECT_EQ(fnv1a_hex("x1,x2,y\n1,2,3\n"), "95d28d160007f831");
  std::string every_byte;
  for (int byte = 0; byte < 256; ++byte) every_byte.push_back(static_cast<char>(byte));
  EXPECT_EQ(fnv1a_hex(every_byte), "4242dc5249c33625");  // bytes ≥ 0x80 hashed unsigned
}

TEST(FileHash, HashesTheBytesOfAFile) {
  const std::filesystem::path path =
      std::filesystem::path(BOSIM_BINARY_DIR) / "test-scratch" / "FileHash.HashesTheBytesOfAFile.csv";
  std::filesystem::create_directories(path.parent_path());
  {
    std::ofstream out(path, std::ios::binary);
    out << "x1,x2,y\n1,2,3\n";
  }
  EXPECT_EQ(fnv1a_hex(read_file_bytes(path.string())), "95d28d160007f831");
  EXPECT_THROW(read_file_bytes((path.parent_path() / "absent.csv").string()), InputError);
}

}  // namespace
}  // namespace bosim
