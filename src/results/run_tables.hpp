// Run tables: /runs, /run_messages, /trajectories and /summary written block by block from runs delivered in order.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "campaign/run_record.hpp"

namespace bosim {

/// A study's runs in (config_id, repeat) order, handed over a block at a time, so that a writer holds one
/// block and never the whole study. Sources: RecordsInMemory, the journal (distribution/journal_runs.hpp),
/// the shard files of a merge (results_merge.cpp).
class OrderedRuns {
 public:
  virtual ~OrderedRuns() = default;
  /// Number of runs.
  virtual std::uint64_t size() const = 0;
  /// The longest best_so_far or chosen of any run (0 when there are none): the /trajectories width.
  virtual std::size_t longest_trajectory() const = 0;
  /// Replaces `block` by the next `count` runs (count ≤ the runs not yet handed over).
  virtual void next(std::size_t count, std::vector<RunRecord>& block) = 0;
};

/// Records held in memory (tests, small studies), sorted by (config_id, repeat) on construction.
class RecordsInMemory : public OrderedRuns {
 public:
  explicit RecordsInMemory(std::vector<RunRecord> records);
  std::uint64_t size() const override { return records_.size(); }
  std::size_t longest_trajectory() const override { return longest_; }
  void next(std::size_t count, std::vector<RunRecord>& block) override;

 private:
  std::vector<RunRecord> records_;
  std::size_t longest_ = 0;
  std::size_t position_ = 0;
};

/// What the run tables need from the study besides the runs.
struct RunTablesLayout {
  std::vector<std::uint32_t> config_ids;   ///< every configuration, ascending (/configs and /summary order)
  std::vector<std::string> drawn_factors;  ///< Study::randomized_factor_names: the drawn_<factor> columns
  bool store_trajectories = true;          ///< the study key store_trajectories
};

/// Writes /runs, /run_messages, /trajectories (unless layout.store_trajectories is false) and /summary of
/// `runs` into `file`, in blocks of run_chunk_rows rows (one chunk of every table at a time), so memory
/// stays bounded by a block and the summary statistics of one configuration. The bytes depend only on
/// the runs, never on the order in which they were computed. Throws std::invalid_argument when a run
/// names a configuration not in layout.config_ids or the runs are out of order.
void write_run_tables(hid_t file, const RunTablesLayout& layout, OrderedRuns& runs);

}  // namespace bosim
