// End to end: a command truth (a user's own model as an external program) equals the dataset study on the CSV the
// program produced at 1, 2 and 3 ranks; its answers are cached and reused; a changed script invalidates the cache and
// makes --resume refuse; every protocol error exits 2 and leaves no file behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/file_hash.hpp"
#include "distribution/command_evaluation.hpp"
#include "distribution/journal.hpp"
#include "distribution/launch.hpp"
#include "hdf5_reading.hpp"
#include "study/study.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

namespace fs = std::filesystem;
using testing::file_text;
using testing::plain;
using testing::run_to_end;
using testing::under_mpirun;

/// y = 3 − (x1 − 0.3)² − (x2 − 0.7)², echoing the features; each call appends a line to calls.txt.
const std::string model_script = R"(import csv, sys
rows = list(csv.DictReader(sys.stdin))
with open("calls.txt", "a") as calls:
    calls.write("%d\n" % len(rows))
print("x1,x2,y")
for r in rows:
    x1, x2 = float(r["x1"]), float(r["x2"])
    print("%s,%s,%r" % (r["x1"], r["x2"], 3 - (x1 - 0.3) ** 2 - (x2 - 0.7) ** 2))
)";

const std::string study_tail = R"(noise = {sd = 0.05}
[campaign]
n_init = 4
budget = 14
[model]
restarts = 1
[[sweep]]
acquisition = ["ei", "random"]
)";

const std::string command_truth = R"(name = "own"
seed = 5
repeats = 3
[truth]
kind = "command"
command = ["/usr/bin/python3", "model.py"]
objective = "y"
)" + study_tail + R"(
[[truth.feature]]
name = "x1"
lower = 0.0
upper = 1.0
step = 0.1
[[truth.feature]]
name = "x2"
lower = 0.0
upper = 1.0
step = 0.1
)";

/// The folder with model.py and command.toml.
fs::path command_study(const std::string& name) {
  const fs::path folder = testing::scratch_folder(name);
  testing::write_text_file(folder / "model.py", model_script);
  testing::write_text_file(folder / "command.toml", command_truth);
  return folder;
}

int calls(const fs::path& folder) {
  const std::string text = file_text(folder / "calls.txt");
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

std::vector<std::string> run_arguments(const fs::path& study, const fs::path& output) {
  return {"run", study.string(), "-o", output.string(), "--quiet", "--force"};
}

void expect_same_runs(const fs::path& expected, const fs::path& actual) {
  ASSERT_TRUE(fs::exists(actual)) << actual;
  EXPECT_EQ(testing::read_compound_bytes_without(expected, "/runs", {"wall_seconds"}),
            testing::read_compound_bytes_without(actual, "/runs", {"wall_seconds"}))
      << actual;
  for (const char* dataset : {"/trajectories/chosen", "/trajectories/best_so_far"})
    EXPECT_EQ(testing::read_raw_bytes(expected, dataset), testing::read_raw_bytes(actual, dataset))
        << dataset << " of " << actual;
}

TEST(OwnModel, CommandStudyEqualsTheDatasetStudyOnItsOutputAtOneTwoThreeRanks) {
  const fs::path folder = command_study("own_model_ranks");
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "command.toml", folder / "np1.h5")), folder / "np1.log"), 0)
      << file_text(folder / "np1.log");
  // The cache holds the program's output (it echoes the features): without its key line, a dataset.
  const std::string cache = file_text(command_cache_path_for((folder / "np1.h5").string()));
  ASSERT_EQ(cache.rfind("# bosim command truth cache, key ", 0), 0u) << cache.substr(0, 80);
  testing::write_text_file(folder / "data.csv", cache.substr(cache.find('\n') + 1));
  testing::write_text_file(folder / "dataset.toml",
                           "name = \"own\"\nseed = 5\nrepeats = 3\n[truth]\npath = "
                           "\"data.csv\"\nobjective = \"y\"\n" +
                               study_tail);
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "dataset.toml", folder / "dataset.h5")), folder / "dataset.log"), 0)
      << file_text(folder / "dataset.log");
  expect_same_runs(folder / "dataset.h5", folder / "np1.h5");
  for (int ranks : {2, 3}) {
    const fs::path output = folder / ("np" + std::to_string(ranks) + ".h5");
    const fs::path log = folder / ("np" + std::to_string(ranks) + ".log");
    ASSERT_EQ(run_to_end(under_mpirun(ranks, run_arguments(folder / "command.toml", output)), log), 0)
        << file_text(log);
    expect_same_runs(folder / "dataset.h5", output);
    EXPECT_EQ(file_text(command_cache_path_for(output.string())), cache) << ranks << " ranks";
  }
}

TEST(OwnModel, CacheIsReusedAndAChangedScriptInvalidatesItAndMakesResumeRefuse) {
  const fs::path folder = command_study("own_model_cache");
  const fs::path output = folder / "out.h5";
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "command.toml", output)), folder / "first.log"), 0)
      << file_text(folder / "first.log");
  const int first_calls = calls(folder);
  EXPECT_EQ(first_calls, 8);  // 121 designs in chunks of 16 (about 8 per rank)
  // Second run: the cache answers, the program is not called.
  ASSERT_EQ(run_to_end(plain({"run", (folder / "command.toml").string(), "-o", output.string(), "--force"}),
                       folder / "second.log"),
            0);
  EXPECT_EQ(calls(folder), first_calls);
  EXPECT_NE(file_text(folder / "second.log").find("121 designs from the cache"), std::string::npos)
      << file_text(folder / "second.log");

  // A journal of an interrupted run under the current script (its header holds the command's key).
  const fs::path resumed = folder / "resumed.h5";
  const LoadedStudy loaded = load_study((folder / "command.toml").string());
  JournalWriter::create(journal_path_for(resumed.string()), {loaded.study.total_runs(), loaded.study.inputs});
  const int calls_before_change = calls(folder);

  // A changed script (one comment line): a new key, the program runs again.
  testing::write_text_file(folder / "model.py", "# tuned\n" + model_script);
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "command.toml", output)), folder / "changed.log"), 0);
  EXPECT_EQ(calls(folder), calls_before_change + 8);
  // --resume refuses the journal of the old model, before running the program.
  const int calls_before_resume = calls(folder);
  EXPECT_EQ(run_to_end(plain({"run", (folder / "command.toml").string(), "-o", resumed.string(), "--resume"}),
                       folder / "resume.log"),
            2);
  EXPECT_NE(file_text(folder / "resume.log").find("changed since this study started"), std::string::npos)
      << file_text(folder / "resume.log");
  EXPECT_EQ(calls(folder), calls_before_resume);
  EXPECT_FALSE(fs::exists(resumed));
}

TEST(OwnModel, ValidateCachesTheAnswersForRunSubmitNeverRunsTheProgramSummaryOfAJournalUsesTheCache) {
  const fs::path folder = command_study("own_model_other_commands");
  const std::string study = (folder / "command.toml").string();
  const fs::path output = folder / "out.h5";
  // submit: the job runs the program; here zeros stand in while the study is checked.
  ASSERT_EQ(run_to_end(plain({"submit", study, "--scheduler", "slurm", "--ntasks", "2", "--time", "1:00:00", "-o",
                              output.string(), "--dry-run"}),
                       folder / "submit.log"),
            0)
      << file_text(folder / "submit.log");
  EXPECT_EQ(calls(folder), 0);
  EXPECT_NE(file_text(folder / "submit.log").find("was not run here; the job evaluates its 121 designs"),
            std::string::npos)
      << file_text(folder / "submit.log");

  // validate runs it once and caches the answers where `run -o out.h5` looks for them.
  ASSERT_EQ(run_to_end(plain({"validate", study, "-o", output.string()}), folder / "validate.log"), 0)
      << file_text(folder / "validate.log");
  EXPECT_EQ(calls(folder), 8);
  EXPECT_NE(file_text(folder / "validate.log").find("answers computed now, cached in " + output.string()),
            std::string::npos)
      << file_text(folder / "validate.log");
  EXPECT_NE(file_text(folder / "validate.log").find("optimum 3 "), std::string::npos)  // at x1 = 0.3, x2 = 0.7
      << file_text(folder / "validate.log");
  ASSERT_EQ(run_to_end(plain({"run", study, "-o", output.string()}), folder / "run.log"), 0)
      << file_text(folder / "run.log");
  EXPECT_NE(file_text(folder / "run.log").find("121 designs from the cache"), std::string::npos);
  ASSERT_EQ(run_to_end(plain({"validate", study, "-o", output.string()}), folder / "again.log"), 0);
  EXPECT_NE(file_text(folder / "again.log").find("answers from the cache"), std::string::npos);
  EXPECT_EQ(calls(folder), 8);

  // summary of an interrupted run's journal reads the answers from that run's cache.
  const fs::path partial = folder / "partial.h5";
  const LoadedStudy loaded = load_study(study);
  JournalWriter::create(journal_path_for(partial.string()), {loaded.study.total_runs(), loaded.study.inputs});
  fs::copy_file(command_cache_path_for(output.string()), command_cache_path_for(partial.string()));
  const int calls_before_summary = calls(folder);
  EXPECT_EQ(run_to_end(plain({"summary", journal_path_for(partial.string())}), folder / "summary.log"), 0)
      << file_text(folder / "summary.log");
  EXPECT_EQ(calls(folder), calls_before_summary);
}

TEST(OwnModel, SummaryAndJsonNameTheOptimumsCategoryLevels) {
  const fs::path folder = testing::scratch_folder("own_model_categorical_names");
  testing::write_text_file(folder / "study.toml", R"toml(name = "solvents"
repeats = 2
[truth]
kind = "expression"
expression = "x + 2 * (solvent == 1)"
[[truth.feature]]
name = "x"
lower = 0
upper = 1
step = 0.25
[[truth.feature]]
name = "solvent"
kind = "categorical"
levels = ["water", "ethanol", "THF"]
[campaign]
acquisition = "random"
n_init = 3
)toml");
  const fs::path output = folder / "out.h5";
  ASSERT_EQ(run_to_end(plain(run_arguments(folder / "study.toml", output)), folder / "run.log"), 0)
      << file_text(folder / "run.log");
  ASSERT_EQ(run_to_end(plain({"summary", output.string()}), folder / "summary.log"), 0);
  // Design 13 of the grid (x in 0, 0.25, …, 1; solvent fastest) is x = 1 with ethanol: 3, the only optimum.
  EXPECT_NE(file_text(folder / "summary.log").find("optimum     3 at 1 design: #13 (x = 1, solvent = ethanol)"),
            std::string::npos)
      << file_text(folder / "summary.log");
  ASSERT_EQ(run_to_end(plain({"summary", output.string(), "--format", "json"}), folder / "summary.json"), 0);
  const std::string json = file_text(folder / "summary.json");
  const auto designs = json.find("\"optimal_designs\"");
  ASSERT_NE(designs, std::string::npos) << json;
  const std::string rest = json.substr(designs, 120);
  EXPECT_NE(rest.find("\"index\""), std::string::npos) << rest;
  EXPECT_NE(rest.find("\"ethanol\""), std::string::npos) << rest;
}

struct BadModel {
  std::string name;
  std::string script;  ///< model.py
  std::string extra;   ///< extra [truth] keys
  std::string message;
};

TEST(OwnModel, EveryProtocolErrorExitsTwoNamingTheCommandAndWritesNothing) {
  const std::string read_all = "import sys\nrows = sys.stdin.read().splitlines()[1:]\n";
  const std::vector<BadModel> cases = {
      {"not_found", "", "command = [\"./no-such-model\"]\n", "cannot start './no-such-model': not found"},
      {"exit", "import sys\nsys.stderr.write('diverged at T = 300 K\\n')\nsys.exit(4)\n", "",
       "exited with status 4 on designs 1-16 of 121; its stderr:\ndiverged at T = 300 K"},
      {"timeout", "import time\ntime.sleep(30)\n", "timeout_seconds = 0.5\n",
       "did not finish within timeout_seconds = 0.5 on designs 1-16 of 121"},
      {"rows", read_all + "print('y')\nfor r in rows[1:]: print(1.0)\n", "", "printed 15 rows for 16 designs 1-16"},
      {"text", read_all + "print('y')\nfor i, r in enumerate(rows): print('oops' if i == 2 else 1.0)\n", "",
       "row 3 of its output, for design 3 (x1 = 0, x2 = 0.2): column \"y\" is \"oops\", not a finite number"},
      {"nan", read_all + "print('y')\nfor i, r in enumerate(rows): print('nan' if i == 2 else 1.0)\n", "",
       "column \"y\" is \"nan\", not a finite number"},
      {"inf", read_all + "print('y')\nfor i, r in enumerate(rows): print('-inf' if i == 2 else 1.0)\n", "",
       "column \"y\" is \"-inf\", not a finite number"},
      {"column", read_all + "print('z')\nfor r in rows: print(1.0)\n", "",
       "printed no column \"y\" on designs 1-16 of 121; its columns: \"z\""},
  };
  for (const BadModel& bad : cases) {
    const fs::path folder = testing::scratch_folder("own_model_error_" + bad.name);
    testing::write_text_file(folder / "model.py", bad.script);
    std::string study = command_truth;
    if (!bad.extra.empty()) {
      if (bad.extra.rfind("command", 0) == 0)
        study.replace(study.find("command = ["),
                      study.find('\n', study.find("command = [")) + 1 - study.find("command = ["), bad.extra);
      else
        study.insert(study.find("objective = "), bad.extra);
    }
    testing::write_text_file(folder / "command.toml", study);
    const fs::path output = folder / "out.h5";
    EXPECT_EQ(run_to_end(plain({"run", (folder / "command.toml").string(), "-o", output.string()}), folder / "run.log"),
              2)
        << bad.name;
    const std::string log = file_text(folder / "run.log");
    EXPECT_NE(log.find(bad.message), std::string::npos) << bad.name << ":\n" << log;
    EXPECT_NE(log.find("command.toml:"), std::string::npos) << bad.name << ":\n" << log;
    EXPECT_EQ(log.find("internal error"), std::string::npos) << log;
    for (const fs::path& file :
         {output, fs::path(journal_path_for(output.string())), fs::path(command_cache_path_for(output.string()))})
      EXPECT_FALSE(fs::exists(file)) << bad.name << ": " << file;
  }
  // Under MPI a worker rank's failure stops every rank with exit 2 too.
  const fs::path folder = testing::scratch_folder("own_model_error_mpi");
  testing::write_text_file(folder / "model.py", cases[1].script);
  testing::write_text_file(folder / "command.toml", command_truth);
  EXPECT_EQ(run_to_end(under_mpirun(2, {"run", (folder / "command.toml").string(), "-o", (folder / "o.h5").string()}),
                       folder / "run.log"),
            2);
  EXPECT_NE(file_text(folder / "run.log").find("exited with status 4"), std::string::npos)
      << file_text(folder / "run.log");
  EXPECT_FALSE(fs::exists(folder / "o.h5"));
  EXPECT_FALSE(fs::exists(command_cache_path_for((folder / "o.h5").string())));
}

}  // namespace
}  // namespace bosim
