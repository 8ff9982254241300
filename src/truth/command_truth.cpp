// CommandTruth: the program's calls on chunks of the pool, the checks of its CSV answers, and the tabulated truth.
#include "truth/command_truth.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>

#include "common/file_hash.hpp"
#include "truth/csv_table.hpp"
#include "truth/external_command.hpp"

namespace bosim {
namespace {

const std::string cache_prefix = "# bosim command truth cache, key ";

/// One CSV line split into trimmed cells ("" escapes and quoted commas handled).
std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  for (std::string& cell : cells) {
    const auto begin = cell.find_first_not_of(" \t");
    const auto end = cell.find_last_not_of(" \t");
    cell = begin == std::string::npos ? std::string() : cell.substr(begin, end - begin + 1);
  }
  return cells;
}

/// The lines of text without line ends, trailing blank lines dropped.
std::vector<std::string> text_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  while (!lines.empty() && lines.back().find_first_not_of(" \t") == std::string::npos) lines.pop_back();
  return lines;
}

/// Column indices of the values (objective or replicates) and of the sd, or the name that is missing.
struct OutputColumns {
  std::vector<int> values;
  int sd = -1;
};

std::map<std::string, std::string>& remembered_outputs() {
  static std::map<std::string, std::string> outputs;
  return outputs;
}
std::mutex remembered_mutex;

std::string format_value(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

}  // namespace

void remember_command_output(const std::string& key, const std::string& joined_output) {
  const std::lock_guard lock(remembered_mutex);
  remembered_outputs()[key] = joined_output;
}

std::optional<std::string> remembered_command_output(const std::string& key) {
  const std::lock_guard lock(remembered_mutex);
  const auto found = remembered_outputs().find(key);
  if (found == remembered_outputs().end()) return std::nullopt;
  return found->second;
}

CommandJob::CommandJob(CommandSpec spec, std::uint64_t pool_seed)
    : spec_(std::move(spec)), pool_(make_user_design_pool(spec_.pool, pool_seed)) {
  std::string identity = "command";
  for (const std::string& argument : spec_.command) {
    identity.append(1, '\0').append(argument);
    std::filesystem::path path(argument);
    if (path.is_relative()) path = std::filesystem::path(spec_.directory) / path;
    std::error_code error;
    if (!argument.empty() && std::filesystem::is_regular_file(path, error))
      identity.append("\0file\0", 6).append(read_file_bytes(path.string()));
  }
  identity.append("\0designs\0", 9).append(designs_csv(pool_.space, pool_.designs, 0, size()));
  key_ = fnv1a_hex(identity);
}

std::string CommandJob::input_name() const { return "command " + command_line_text(spec_.command); }

std::string CommandJob::describe_design(Eigen::Index design) const {
  std::string text = "design " + std::to_string(design + 1) + " (";
  const auto& features = pool_.space.features();
  for (size_t j = 0; j < features.size(); ++j)
    text.append(j == 0 ? "" : ", ")
        .append(features[j].name + " = " + format_value(pool_.designs(design, static_cast<Eigen::Index>(j))));
  return text + ")";
}

std::string CommandJob::describe_designs(Eigen::Index first, Eigen::Index count) const {
  if (count == 1) return describe_design(first);
  return "designs " + std::to_string(first + 1) + "-" + std::to_string(first + count) + " of " + std::to_string(size());
}

std::string CommandJob::evaluate(Eigen::Index first, Eigen::Index count, const std::function<void()>& idle) const {
  ExternalCommand command{spec_.command, spec_.directory, designs_csv(pool_.space, pool_.designs, first, count),
                          spec_.timeout_seconds};
  std::string designs_file;
  for (std::string& argument : command.arguments) {
    if (argument != designs_file_placeholder) continue;
    if (designs_file.empty()) {
      std::string pattern = (std::filesystem::temp_directory_path() / "bosim-designs-XXXXXX.csv").string();
      const int fd = mkstemps(pattern.data(), 4);
      if (fd < 0) throw std::runtime_error("cannot create a temporary designs file " + pattern);
      const bool ok = ::write(fd, command.standard_input.data(), command.standard_input.size()) ==
                      static_cast<ssize_t>(command.standard_input.size());
      ::close(fd);
      if (!ok) throw std::runtime_error("cannot write the temporary designs file " + pattern);
      designs_file = pattern;
    }
    argument = designs_file;
  }
  if (!designs_file.empty()) command.standard_input.clear();
  ExternalCommandResult result = run_external_command(command, idle);
  if (!designs_file.empty()) std::filesystem::remove(designs_file);

  const std::string name = "command '" + command_line_text(spec_.command) + "'";
  const std::string on = " on " + describe_designs(first, count);
  if (!result.launch_error.empty())
    throw InputError(name + ": cannot start '" + spec_.command.front() + "': " + result.launch_error +
                         " (a program without '/' is searched in PATH, a relative path from " + spec_.directory + ")",
                     spec_.command_where);
  if (result.timed_out)
    throw InputError(name + " did not finish within timeout_seconds = " + format_value(spec_.timeout_seconds) + on +
                         "; it was killed",
                     spec_.command_where);
  if (result.exit_status != 0) {
    std::string errors = result.standard_error;
    if (errors.size() > 4000) errors = "…" + errors.substr(errors.size() - 4000);
    throw InputError(name + " exited with status " + std::to_string(result.exit_status) + on +
                         (errors.empty() ? "; it wrote nothing to stderr" : "; its stderr:\n" + errors),
                     spec_.command_where);
  }
  check_output(result.standard_output, first, count);
  return result.standard_output;
}

void CommandJob::check_output(const std::string& output, Eigen::Index first, Eigen::Index count) const {
  const std::string name = "command '" + command_line_text(spec_.command) + "'";
  const std::vector<std::string> lines = text_lines(output);
  if (lines.empty())
    throw InputError(name + " printed nothing on " + describe_designs(first, count) +
                         "; it must print a CSV header and one row per design",
                     spec_.command_where);
  const std::vector<std::string> header = split_csv_line(lines.front());
  std::string header_list;
  for (const std::string& column : header)
    header_list.append(header_list.empty() ? "\"" : ", \"").append(column + "\"");
  auto column_of = [&](const std::string& column, const SourcePosition& where) {
    const auto found = std::find(header.begin(), header.end(), column);
    if (found == header.end())
      throw InputError(name + " printed no column \"" + column + "\" on " + describe_designs(first, count) +
                           "; its columns: " + header_list,
                       where);
    return static_cast<int>(found - header.begin());
  };
  OutputColumns columns;
  if (!spec_.replicate_columns.empty())
    for (const std::string& column : spec_.replicate_columns)
      columns.values.push_back(column_of(column, spec_.objective_where));
  else
    columns.values.push_back(spec_.objective.empty() ? 0 : column_of(spec_.objective, spec_.objective_where));
  if (!spec_.sd_column.empty()) columns.sd = column_of(spec_.sd_column, spec_.command_where);

  const auto rows = static_cast<Eigen::Index>(lines.size()) - 1;
  if (rows != count)
    throw InputError(name + " printed " + std::to_string(rows) + " rows for " + std::to_string(count) + " " +
                         describe_designs(first, count) + "; it must print one row per design, in order",
                     spec_.command_where);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const std::vector<std::string> cells = split_csv_line(lines[static_cast<size_t>(r + 1)]);
    const std::string where = "row " + std::to_string(r + 1) + " of its output, for " + describe_design(first + r);
    if (cells.size() != header.size())
      throw InputError(name + ": " + where + " has " + std::to_string(cells.size()) + " cells, its header " +
                           std::to_string(header.size()),
                       spec_.command_where);
    std::vector<int> checked = columns.values;
    if (columns.sd >= 0) checked.push_back(columns.sd);
    for (int column : checked) {
      double value = 0.0;
      if (!parse_finite_double(cells[static_cast<size_t>(column)], value))
        throw InputError(name + ": " + where + ": column \"" + header[static_cast<size_t>(column)] + "\" is \"" +
                             cells[static_cast<size_t>(column)] + "\", not a finite number",
                         spec_.command_where);
      if (column == columns.sd && value < 0.0)
        throw InputError(name + ": " + where + ": sd column \"" + spec_.sd_column + "\" is negative",
                         spec_.command_where);
    }
  }
}

std::string CommandJob::join_outputs(const std::vector<std::string>& outputs) const {
  std::string joined;
  std::string header;
  for (size_t c = 0; c < outputs.size(); ++c) {
    const std::vector<std::string> lines = text_lines(outputs[c]);
    if (lines.empty()) continue;
    if (c == 0) {
      header = lines.front();
      joined = header + "\n";
    } else if (lines.front() != header) {
      throw InputError("command '" + command_line_text(spec_.command) + "' printed the header \"" + lines.front() +
                           "\" for one chunk of designs and \"" + header + "\" for the first",
                       spec_.command_where);
    }
    for (size_t r = 1; r < lines.size(); ++r) joined.append(lines[r]).append("\n");
  }
  return joined;
}

std::string CommandJob::cache_text(const std::string& joined_output) const {
  return cache_prefix + key_ + "\n" + joined_output;
}

std::optional<std::string> CommandJob::from_cache_text(const std::string& text) const {
  const std::string first_line = cache_prefix + key_ + "\n";
  if (text.compare(0, first_line.size(), first_line) != 0) return std::nullopt;
  return text.substr(first_line.size());
}

std::string CommandJob::evaluate_all(Eigen::Index chunk, const std::function<void(Eigen::Index)>& progress) const {
  std::vector<std::string> outputs;
  for (Eigen::Index first = 0; first < size(); first += chunk) {
    const Eigen::Index count = std::min(chunk, size() - first);
    outputs.push_back(evaluate(first, count));
    if (progress) progress(first + count);
  }
  return join_outputs(outputs);
}

std::string CommandJob::placeholder_output() const {
  std::vector<std::string> columns = spec_.replicate_columns;
  if (columns.empty()) columns.push_back(spec_.objective.empty() ? "value" : spec_.objective);
  if (!spec_.sd_column.empty()) columns.push_back(spec_.sd_column);
  std::string header, row;
  for (const std::string& column : columns) {
    header.append(header.empty() ? "" : ",").append(csv_field(column));
    row.append(row.empty() ? "0" : ",0");
  }
  std::string text = header + "\n";
  for (Eigen::Index design = 0; design < size(); ++design) text += row + "\n";
  return text;
}

Eigen::Index CommandJob::chunk_size(int ranks) const {
  const Eigen::Index chunks = 8 * static_cast<Eigen::Index>(std::max(ranks, 1));
  return std::clamp<Eigen::Index>((size() + chunks - 1) / chunks, std::min<Eigen::Index>(size(), 16), 1000);
}

CommandTruth::CommandTruth(const CommandJob& job)
    : TabulatedTruth(job.spec().goal, job.spec().replicate_columns.empty()
                                          ? (job.spec().objective.empty() ? std::string() : job.spec().objective)
                                          : job.spec().replicate_columns.front()),
      command_line_(command_line_text(job.spec().command)),
      pool_kind_(job.pool().kind),
      from_file_(job.pool().from_file),
      policy_(job.spec().replicates) {
  const std::optional<std::string> remembered = remembered_command_output(job.key());
  const std::string output = remembered ? *remembered : job.evaluate_all(job.chunk_size(1));
  job.check_output(output, 0, job.size());
  const std::vector<std::string> lines = text_lines(output);
  const std::vector<std::string> header = split_csv_line(lines.front());
  const CommandSpec& spec = job.spec();
  std::vector<int> value_columns;
  auto index_of = [&](const std::string& name) {
    return static_cast<int>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  if (!spec.replicate_columns.empty())
    for (const std::string& column : spec.replicate_columns) value_columns.push_back(index_of(column));
  else
    value_columns.push_back(spec.objective.empty() ? 0 : index_of(spec.objective));
  if (spec.objective.empty() && spec.replicate_columns.empty()) set_objective_name(header.front());
  const Eigen::Index n = job.size();
  replicates_.resize(n, static_cast<Eigen::Index>(value_columns.size()));
  if (!spec.sd_column.empty()) sd_.resize(n);
  Eigen::VectorXd values(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::vector<std::string> cells = split_csv_line(lines[static_cast<size_t>(i + 1)]);
    for (size_t c = 0; c < value_columns.size(); ++c)
      parse_finite_double(cells[static_cast<size_t>(value_columns[c])], replicates_(i, static_cast<Eigen::Index>(c)));
    if (!spec.sd_column.empty()) parse_finite_double(cells[static_cast<size_t>(index_of(spec.sd_column))], sd_[i]);
    values[i] = replicates_.row(i).mean();
  }
  set_space(job.pool().space);
  set_pool(job.pool().designs, std::move(values));
}

std::string CommandTruth::describe() const {
  char text[200];
  std::snprintf(text, sizeof text, "%s pool of %ld designs, best value %.6g",
                from_file_ ? "file" : to_string(pool_kind_).c_str(), static_cast<long>(size()), best_value());
  return "command " + command_line_ + " (" + objective_name() + ", " +
         (goal() == Goal::minimize ? "minimize" : "maximize") + "): " + text;
}

double CommandTruth::measure(Eigen::Index design, Rng& rng) const {
  require_design(design);
  if (sd_.size() > 0) return expected_value(design) + sd_[design] * rng.normal();
  if (policy_ == ReplicatePolicy::sample && replicates_.cols() > 1)
    return replicates_(design,
                       static_cast<Eigen::Index>(rng.uniform_index(static_cast<std::uint64_t>(replicates_.cols()))));
  return expected_value(design);
}

}  // namespace bosim
