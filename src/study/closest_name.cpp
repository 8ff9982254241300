#include "study/closest_name.hpp"

#include <algorithm>
#include <cctype>

namespace bosim {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  // distance[i][j] between the prefixes a[0..i) and b[0..j), kept as a full table
  // because the transposition step looks two rows back.
  const std::size_t rows = a.size() + 1, columns = b.size() + 1;
  std::vector<std::size_t> distance(rows * columns);
  const auto at = [columns, &distance](std::size_t i, std::size_t j) -> std::size_t& {
    return distance[i * columns + j];
  };
  for (std::size_t i = 0; i < rows; ++i) at(i, 0) = i;
  for (std::size_t j = 0; j < columns; ++j) at(0, j) = j;
  for (std::size_t i = 1; i < rows; ++i) {
    for (std::size_t j = 1; j < columns; ++j) {
      const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t best = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) best = std::min(best, at(i - 2, j - 2) + 1);
      at(i, j) = best;
    }
  }
  return at(rows - 1, columns - 1);
}

namespace {

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string closest_name(const std::string& word, const std::vector<std::string>& candidates) {
  // Case is ignored: "EI" is 0 away from "ei" (and 2 from "pi", which a case-sensitive distance would tie with).
  const std::string folded = lowercase(word);
  const std::size_t tolerance = std::max<std::size_t>(2, word.size() / 3);
  std::string best;
  std::size_t best_distance = tolerance + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(folded, lowercase(candidate));
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string closest = closest_name(word, candidates);
  return closest.empty() ? std::string() : "; did you mean '" + closest + "'?";
}

}  // namespace bosim
