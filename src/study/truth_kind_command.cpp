// Truth kind "command": the user's own model, an external program answering CSV (truth/command_truth.hpp,
// docs/command-truth.md).
#include <filesystem>

#include "study/truth_kind.hpp"

namespace bosim {
namespace {

/// objective and sd_column, or replicate_columns instead of both.
void read_output_columns(const TomlReader& toml, const toml::table& truth, CommandSpec& spec) {
  if (const auto* node = truth.get("objective")) {
    spec.objective = toml.text(*node, "objective");
    spec.objective_where = toml.at(*node, "objective");
  }
  if (const auto* node = truth.get("sd_column")) spec.sd_column = toml.text(*node, "sd_column");
  if (const auto* node = truth.get("replicate_columns")) {
    spec.replicate_columns = toml.texts(*node, "replicate_columns");
    if (spec.replicate_columns.empty())
      throw InputError("'replicate_columns' must name at least one column", toml.at(*node, "replicate_columns"));
    if (!spec.objective.empty() || !spec.sd_column.empty())
      throw InputError("'replicate_columns' replaces objective and sd_column; give one or the other",
                       toml.at(*node, "replicate_columns"));
    spec.objective_where = toml.at(*node, "replicate_columns");
  }
}

void read_command(TruthReading& reading) {
  const TomlReader& toml = reading.toml;
  const toml::table& truth = reading.truth;
  CommandSpec& spec = reading.study().command;
  const auto* command = truth.get("command");
  if (command == nullptr)
    throw InputError(
        "[truth] of kind \"command\" needs command = [\"program\", \"argument\", …], e.g. [\"python3\", "
        "\"model.py\"]",
        toml.at(truth, "truth"));
  spec.command = toml.texts(*command, "command");
  spec.command_where = toml.at(*command, "command");
  if (spec.command.empty() || spec.command.front().empty())
    throw InputError("'command' must name a program first", spec.command_where);
  spec.directory =
      std::filesystem::absolute(std::filesystem::path(reading.study().path).parent_path()).lexically_normal().string();
  read_output_columns(toml, truth, spec);
  if (const auto* node = truth.get("replicates")) spec.replicates = read_replicate_policy(toml, *node);
  if (const auto* node = truth.get("timeout_seconds")) {
    spec.timeout_seconds = toml.real(*node, "timeout_seconds");
    if (!(spec.timeout_seconds > 0.0))
      throw InputError("'timeout_seconds' must be > 0", toml.at(*node, "timeout_seconds"));
  }
  if (const auto* node = truth.get("goal")) spec.goal = read_goal(toml, *node);
  read_user_pool_keys(reading, spec.pool);
}

/// Runs the program over the pool unless its answers were remembered (the distributed evaluation or a cache,
/// distribution/command_evaluation.hpp); the command's key joins the study's inputs.
std::shared_ptr<const GroundTruth> make_command(ParsedStudy& parsed) {
  const CommandJob job(parsed.study.command, truth_seed(parsed.study));
  parsed.study.inputs.push_back({job.input_name(), job.key()});
  return std::make_shared<const CommandTruth>(job);
}

}  // namespace

TruthKindRow command_truth_kind() {
  return {TruthKind::command,
          "command",
          {"goal", "pool", "pool_size", "designs", "constraint", "command", "objective", "sd_column",
           "replicate_columns", "replicates", "timeout_seconds"},
          read_command,
          make_command};
}

}  // namespace bosim
