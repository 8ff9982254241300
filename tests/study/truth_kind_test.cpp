// The table of truth kinds: one row per TruthKind in enumerator order, names unique and parsed back to their kind.
#include "study/truth_kind.hpp"

#include <gtest/gtest.h>

#include <set>

namespace bosim {
namespace {

TEST(TruthKindTable, OneRowPerKindInOrderWithUniqueNamesThatParseBack) {
  const auto& table = truth_kind_table();
  ASSERT_EQ(table.size(), static_cast<std::size_t>(TruthKind::command) + 1);
  std::set<std::string> names;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const TruthKindRow& row = table[i];
    EXPECT_EQ(static_cast<std::size_t>(row.kind), i) << row.name;
    EXPECT_TRUE(names.insert(row.name).second) << "duplicate name " << row.name;
    EXPECT_NE(row.read, nullptr) << row.name;
    EXPECT_NE(row.make, nullptr) << row.name;
    EXPECT_EQ(to_string(row.kind), row.name);
    // A study naming the kind parses to it (its required keys missing is an error that names the kind's table).
    try {
      const ParsedStudy parsed = parse_study_text("[truth]\nkind = \"" + row.name + "\"\n", "kinds.toml");
      EXPECT_EQ(parsed.study.truth_kind, row.kind);
    } catch (const InputError& error) {
      EXPECT_EQ(std::string(error.what()).find("unknown truth kind"), std::string::npos) << error.what();
    }
  }
}

TEST(TruthKindTable, AKeyOfAnotherKindNamesTheKindsThatTakeIt) {
  try {
    parse_study_text("[truth]\nkind = \"function\"\nfunction = \"branin\"\nexpression = \"x\"\n", "kinds.toml");
    FAIL() << "expression accepted by kind function";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("'expression' is not a key of [truth] of kind \"function\"; it belongs to "
                        "kind expression"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace bosim
