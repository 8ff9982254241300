// Tests of CsvTable (RFC 4180 reading, error positions) and parse_finite_double.
#include "truth/csv_table.hpp"

#include <tuple>

#include "common/input_error.hpp"
#include "test_support.hpp"

namespace bosim {
namespace {

/// Writes text as <name>.csv in a fresh scratch folder and returns its path.
std::string csv_file(const std::string& name, const std::string& text) {
  const auto path = testing::scratch_folder("csv_table_" + name) / (name + ".csv");
  testing::write_text_file(path, text);
  return path.string();
}

/// Reads a file expected to be invalid and returns the error.
InputError read_error(const std::string& path) {
  try {
    CsvTable::read(path);
  } catch (const InputError& error) {
    return error;
  }
  ADD_FAILURE() << "expected InputError reading " << path;
  return InputError("no error");
}

TEST(CsvTable, ReadsHeaderRowsAndLineNumbers) {
  const std::string path = csv_file("plain", "a,b\n1,2\n3,4\n");
  const CsvTable table = CsvTable::read(path);
  EXPECT_EQ(table.path, path);
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table.rows, (std::vector<std::vector<std::string>>{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(table.row_lines, (std::vector<int>{2, 3}));
  EXPECT_EQ(table.header_line, 1);
  EXPECT_EQ(table.column_index("b"), 1);
  EXPECT_EQ(table.column_index("c"), -1);
}

TEST(CsvTable, SkipsByteOrderMark) {
  const CsvTable table = CsvTable::read(csv_file("bom",
                                                 "\xEF\xBB\xBF"
                                                 "CsPbI,index\n0,5\n"));
  EXPECT_EQ(table.header.front(), "CsPbI");
  EXPECT_EQ(table.column_index("CsPbI"), 0);
}

TEST(CsvTable, QuotedFieldsKeepCommasQuotesAndNewlines) {
  const CsvTable table = CsvTable::read(
      csv_file("quoted", "\"Flow, total (uL/min)\",\"say \"\"hi\"\"\",c\n\"1\",\"two\nlines\",3\n4,5,6\n"));
  EXPECT_EQ(table.header, (std::vector<std::string>{"Flow, total (uL/min)", "say \"hi\"", "c"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0], (std::vector<std::string>{"1", "two\nlines", "3"}));
  // The embedded newline moves the next row to line 4.
  EXPECT_EQ(table.row_lines, (std::vector<int>{2, 4}));
}

TEST(CsvTable, HandlesCrlfWithoutFinalNewline) {
  const CsvTable table = CsvTable::read(csv_file("crlf", "a,b\r\n1,2\r\n3,4"));
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table.rows, (std::vector<std::vector<std::string>>{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(table.row_lines, (std::vector<int>{2, 3}));
}

TEST(CsvTable, TrimsCellsAndSkipsBlankLines) {
  const CsvTable table = CsvTable::read(csv_file("blank", "\n  a , \" b \"\n 1 ,2\t\n\n   \n3,4\n\n\n"));
  EXPECT_EQ(table.header_line, 2);
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", " b "}));
  EXPECT_EQ(table.rows, (std::vector<std::vector<std::string>>{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(table.row_lines, (std::vector<int>{3, 6}));
}

TEST(CsvTable, KeepsEmptyCells) {
  const CsvTable table = CsvTable::read(csv_file("empty_cells", ",b,c\n0,,\n"));
  EXPECT_EQ(table.header, (std::vector<std::string>{"", "b", "c"}));
  EXPECT_EQ(table.rows[0], (std::vector<std::string>{"0", "", ""}));
  EXPECT_EQ(table.column_index(""), 0);
}

TEST(CsvTable, RaggedRowWithSurplusCellNamesFileLineAndColumn) {
  const std::string path = csv_file("surplus", "a,b,c\n1,2,3\n4,5,6,7\n");
  const InputError error = read_error(path);
  EXPECT_EQ(error.where().file, path);
  EXPECT_EQ(error.where().line, 3);
  EXPECT_EQ(error.where().column, 4);
  EXPECT_NE(error.message().find("4 cells"), std::string::npos) << error.what();
  EXPECT_NE(error.message().find("header has 3"), std::string::npos) << error.what();
  EXPECT_NE(std::string(error.what()).find(path + ":3:4: error:"), std::string::npos) << error.what();
}

TEST(CsvTable, RaggedRowWithMissingCellPointsAtFirstMissing) {
  const InputError error = read_error(csv_file("missing_cell", "a,b,c\r\n1,2,3\r\n\r\n4,5\r\n"));
  EXPECT_EQ(error.where().line, 4);
  EXPECT_EQ(error.where().column, 3);
  EXPECT_NE(error.message().find("2 cells"), std::string::npos) << error.what();
}

TEST(CsvTable, UnterminatedQuoteNamesItsLine) {
  const InputError error = read_error(csv_file("unterminated", "a,b\n1,2\n3,\"oops\n4,5\n"));
  EXPECT_EQ(error.where().line, 3);
  EXPECT_EQ(error.where().column, 2);
  EXPECT_NE(error.message().find("unterminated"), std::string::npos) << error.what();
}

TEST(CsvTable, TextAfterClosingQuoteIsAnError) {
  const InputError error = read_error(csv_file("after_quote", "a,b\n\"1\"x,2\n"));
  EXPECT_EQ(error.where().line, 2);
  EXPECT_EQ(error.where().column, 1);
}

TEST(CsvTable, EmptyFileIsAnError) {
  EXPECT_NE(read_error(csv_file("empty", "")).message().find("empty"), std::string::npos);
  EXPECT_NE(read_error(csv_file("only_bom", "\xEF\xBB\xBF\r\n \n")).message().find("empty"), std::string::npos);
}

TEST(CsvTable, MissingFileReportsSystemReason) {
  const std::string path = (testing::scratch_folder("csv_table_missing") / "absent.csv").string();
  const InputError error = read_error(path);
  EXPECT_EQ(error.where().file, path);
  EXPECT_NE(error.message().find("No such file or directory"), std::string::npos) << error.what();
}

TEST(CsvTable, DuplicateColumnNamesNameBothColumns) {
  for (const auto& [text, first, second, name] :
       {std::tuple<std::string, int, int, std::string>{"x1,x1,y\n1,2,3\n", 1, 2, "x1"},
        {"x1,y,y\n1,2,3\n", 2, 3, "y"},
        {"\"a\",b, a \n1,2,3\n", 1, 3, "a"},  // the same name once quoted, once padded
        {",b,\n1,2,3\n", 1, 3, ""}}) {
    const std::string path = csv_file("duplicate", text);
    const InputError error = read_error(path);
    EXPECT_EQ(error.where().line, 1) << text;
    EXPECT_EQ(error.where().column, second) << text;
    EXPECT_EQ(error.where().key, name) << text;
    const std::string expected = "duplicate column name " + (name.empty() ? "(empty)" : "\"" + name + "\"") +
                                 " in columns " + std::to_string(first) + " and " + std::to_string(second);
    EXPECT_NE(error.message().find(expected), std::string::npos) << error.what();
  }
  EXPECT_NO_THROW(CsvTable::read(csv_file("distinct", "x1,X1,x1 (2),y\n1,2,3,4\n")));
}

TEST(CsvTable, AHeaderOfNumbersOnlyMeansTheHeaderRowIsMissing) {
  const std::string path = csv_file("headerless", "\n1.24,0.5,2.06\n1.30,0.5,2.10\n");
  const InputError error = read_error(path);
  EXPECT_EQ(error.where().file, path);
  EXPECT_EQ(error.where().line, 2);
  EXPECT_NE(error.message().find("holds only numbers, so this CSV has no header row"), std::string::npos)
      << error.what();
  EXPECT_NE(error.message().find("(e.g. \"x1,x2,y\")"), std::string::npos) << error.what();
  // One name among numbers is a header (a column named "2020" is allowed).
  EXPECT_NO_THROW(CsvTable::read(csv_file("year", "2020,2021,y\n1,2,3\n")));
  EXPECT_NO_THROW(CsvTable::read(csv_file("one_number", "1e3,y\n1,2\n")));
}

TEST(CsvTable, HeaderOnlyHasNoRows) {
  const CsvTable table = CsvTable::read(csv_file("header_only", "a,b\n"));
  EXPECT_EQ(table.header.size(), 2u);
  EXPECT_TRUE(table.rows.empty());
}

TEST(ParseFiniteDouble, AcceptsDecimalAndScientificNotation) {
  double value = 0.0;
  ASSERT_TRUE(parse_finite_double("1.5", value));
  EXPECT_EQ(value, 1.5);
  ASSERT_TRUE(parse_finite_double("-2", value));
  EXPECT_EQ(value, -2.0);
  ASSERT_TRUE(parse_finite_double("+0.25", value));
  EXPECT_EQ(value, 0.25);
  ASSERT_TRUE(parse_finite_double("5.5e-06", value));
  EXPECT_EQ(value, 5.5e-06);
  ASSERT_TRUE(parse_finite_double("31500.0", value));
  EXPECT_EQ(value, 31500.0);
  ASSERT_TRUE(parse_finite_double(".5", value));
  EXPECT_EQ(value, 0.5);
}

TEST(ParseFiniteDouble, RejectsNonFiniteAndMalformedCells) {
  for (const std::string cell :
       {"", "nan", "NaN", "inf", "-inf", "infinity", "1.2.3", "3abc", "abc", "1e400", "+-1", "0x10", " 1", "1 ", "-"}) {
    double value = 42.0;
    EXPECT_FALSE(parse_finite_double(cell, value)) << '"' << cell << '"';
    EXPECT_EQ(value, 42.0) << "value changed by rejected cell \"" << cell << '"';
  }
}

}  // namespace
}  // namespace bosim
