#include "distribution/task_list.hpp"

#include <stdexcept>

namespace bosim {

TaskList::TaskList(std::uint32_t configurations, std::uint32_t repeats, const std::optional<Shard>& shard)
    : configurations_(configurations),
      repeats_(repeats),
      first_(shard ? shard->index - 1 : 0),
      stride_(shard ? shard->count : 1) {
  const std::uint64_t study_tasks = std::uint64_t{configurations} * repeats;
  size_ = study_tasks > first_ ? (study_tasks - first_ + stride_ - 1) / stride_ : 0;
}

namespace {

std::uint32_t numbered_configurations(const Study& study) {
  for (std::size_t index = 0; index < study.configurations.size(); ++index)
    if (study.configurations[index].config_id != index)
      throw std::logic_error("configurations not numbered 0, 1, ... in order");
  return static_cast<std::uint32_t>(study.configurations.size());
}

}  // namespace

TaskList::TaskList(const Study& study, const std::optional<Shard>& shard)
    : TaskList(numbered_configurations(study), study.repeats, shard) {}

Task TaskList::at(std::uint64_t position) const {
  if (position >= size_) throw std::out_of_range("TaskList: position beyond the list");
  const std::uint64_t study_task = first_ + position * stride_;
  return {static_cast<std::uint32_t>(study_task / repeats_), static_cast<std::uint32_t>(study_task % repeats_)};
}

std::uint64_t TaskList::position_of(std::uint32_t config_id, std::uint32_t repeat) const {
  if (config_id >= configurations_ || repeat >= repeats_) return size_;
  const std::uint64_t study_task = std::uint64_t{config_id} * repeats_ + repeat;
  if (study_task < first_ || (study_task - first_) % stride_ != 0) return size_;
  return (study_task - first_) / stride_;
}

}  // namespace bosim
