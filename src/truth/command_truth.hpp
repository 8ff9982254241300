// CommandTruth: a user's own model run as an external program (kind "command"): bosim writes the pool's designs as
// CSV, the program answers one CSV row per design; the answers are tabulated once per study (docs/command-truth.md).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "truth/tabulated_truth.hpp"
#include "truth/user_design_pool.hpp"

namespace bosim {

/// An argument equal to this is replaced by the path of a CSV file holding the designs (stdin is then empty).
inline constexpr const char* designs_file_placeholder = "{designs}";

/// What a study gives for kind "command".
struct CommandSpec {
  std::vector<std::string> command;  ///< program and arguments, as written
  SourcePosition command_where;
  std::string directory;  ///< the study file's folder: the program's working directory
  std::string objective;  ///< output column; empty: the first output column
  SourcePosition objective_where;
  std::string sd_column;  ///< optional: sd of one measurement at the design (heteroscedastic noise)
  std::vector<std::string> replicate_columns;  ///< optional: replicate measurements (instead of objective)
  ReplicatePolicy replicates = ReplicatePolicy::mean;
  double timeout_seconds = 0.0;  ///< per call of the program; 0: none
  Goal goal = Goal::maximize;
  UserPoolSpec pool;
};

/// The pool of a command truth, the hash that identifies its answers, and calls of the program on chunks of it.
class CommandJob {
 public:
  /// Builds the pool (make_user_design_pool) and the key; runs nothing.
  CommandJob(CommandSpec spec, std::uint64_t pool_seed);

  const CommandSpec& spec() const { return spec_; }
  const UserDesignPool& pool() const { return pool_; }
  Eigen::Index size() const { return pool_.designs.rows(); }
  /// FNV-1a of the command line, the bytes of every argument that names an existing file (relative to the
  /// study's folder) and the designs CSV: equal keys mean equal answers.
  const std::string& key() const { return key_; }
  /// "command python3 model.py": the name the key has in the study's input files.
  std::string input_name() const;

  /// Runs the program on designs [first, first + count) and returns its stdout after checking it
  /// (check_output). Throws InputError naming the command and the designs for every failure: not found,
  /// non-zero exit (with its stderr), timeout, wrong row count, missing column, a bad number.
  std::string evaluate(Eigen::Index first, Eigen::Index count, const std::function<void()>& idle = {}) const;

  /// Checks the program's stdout for designs [first, first + count): a header with the needed columns and
  /// count rows of finite numbers in them (sd ≥ 0). Throws InputError naming the command, row and design.
  void check_output(const std::string& output, Eigen::Index first, Eigen::Index count) const;

  /// Joins the chunk outputs (in design order) into one CSV: the first header, then every row. Throws
  /// InputError when the chunks' headers differ.
  std::string join_outputs(const std::vector<std::string>& outputs) const;

  /// The cache file's content: a first line "# bosim command truth cache, key KEY", then the joined output.
  std::string cache_text(const std::string& joined_output) const;
  /// The joined output in a cache file's text when its key is this job's, else nothing.
  std::optional<std::string> from_cache_text(const std::string& text) const;

  /// An output of zeros in the columns the study reads: lets a study be checked without running the program.
  std::string placeholder_output() const;

  /// Runs the program on every design, chunk by chunk, reporting "evaluated k of n designs" through progress.
  std::string evaluate_all(Eigen::Index chunk_size, const std::function<void(Eigen::Index done)>& progress = {}) const;

  /// Designs per call: the pool split into about 8 chunks per rank, at least 16 designs (or the whole pool; a
  /// program's start-up costs time) and at most 1000.
  Eigen::Index chunk_size(int ranks) const;

 private:
  std::string describe_designs(Eigen::Index first, Eigen::Index count) const;
  std::string describe_design(Eigen::Index design) const;

  CommandSpec spec_;
  UserDesignPool pool_;
  std::string key_;
};

/// Answers of a command computed elsewhere in this process (by the distributed evaluation before the runs),
/// by key; CommandTruth takes them instead of running the program again.
void remember_command_output(const std::string& key, const std::string& joined_output);
std::optional<std::string> remembered_command_output(const std::string& key);

/// The tabulated truth: expected value = the objective column (or the mean of the replicate columns);
/// measure() returns it exactly, or mean + sd·N(0,1) with an sd column, or (replicates = "sample") one replicate
/// column drawn uniformly.
class CommandTruth final : public TabulatedTruth {
 public:
  /// Uses the remembered output for the job's key, else runs the program on every design in this process.
  explicit CommandTruth(const CommandJob& job);

  std::string describe() const override;
  double measure(Eigen::Index design, Rng& rng) const override;

 private:
  std::string command_line_;
  PoolKind pool_kind_;
  bool from_file_;
  ReplicatePolicy policy_;
  Eigen::MatrixXd replicates_;  ///< one row per design, one column per replicate (1 without replicate columns)
  Eigen::VectorXd sd_;          ///< empty without an sd column
};

}  // namespace bosim
