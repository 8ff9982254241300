#include "distribution/shard.hpp"

#include <charconv>

#include "common/input_error.hpp"

namespace bosim {

namespace {

/// A whole positive number filling `text`, or 0.
std::uint32_t positive_number(std::string_view text) {
  std::uint32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : 0;
}

}  // namespace

Shard parse_shard(const std::string& text, const std::string& option) {
  const std::size_t slash = text.find('/');
  const std::uint32_t index = slash == std::string::npos ? 0 : positive_number(std::string_view(text).substr(0, slash));
  const std::uint32_t count =
      slash == std::string::npos ? 0 : positive_number(std::string_view(text).substr(slash + 1));
  if (index == 0 || count == 0 || index > count)
    throw InputError(option + ": expected k/K with 1 <= k <= K (e.g. 2/4), got '" + text + "'", {"", 0, 0, option});
  return {index, count};
}

}  // namespace bosim
