// Truth kind "emulator": a GP fitted to a CSV table, queried anywhere in its box (truth/emulator_truth.hpp).
#include "study/truth_kind.hpp"

namespace bosim {
namespace {

void read_emulator(TruthReading& reading) {
  EmulatorSpec& spec = reading.study().emulator;
  read_data_keys(reading, spec.data);
  read_pool_keys(reading.toml, reading.truth, spec.pool, spec.pool_size);
  if (const auto* node = reading.truth.get("kernel"))
    parse_kernel_kind(reading.toml.choice(*node, "kernel", kernel_kind_names()), spec.kernel);
  if (const auto* node = reading.truth.get("replicate_noise"))
    spec.replicate_noise = reading.toml.boolean(*node, "replicate_noise");
}

std::shared_ptr<const GroundTruth> make_emulator(ParsedStudy& parsed) {
  checked_data_file(parsed, parsed.study.emulator.data);
  return std::make_shared<const EmulatorTruth>(EmulatorTruth::load(parsed.study.emulator, truth_seed(parsed.study)));
}

}  // namespace

TruthKindRow emulator_truth_kind() {
  return {TruthKind::emulator,
          "emulator",
          {"path", "features", "objective", "exclude", "goal", "constraint", "pool", "pool_size", "kernel",
           "replicate_noise"},
          read_emulator,
          make_emulator};
}

}  // namespace bosim
