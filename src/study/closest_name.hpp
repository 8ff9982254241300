// Closest name: "did you mean …?" suggestions for misspelled keys and choices, by edit distance.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace bosim {

/// Optimal-string-alignment distance: insertions, deletions, substitutions and
/// transpositions of adjacent characters each cost 1, so "dleta" is 1 away from "delta".
std::size_t edit_distance(const std::string& a, const std::string& b);

/// The candidate closest to word when it is close enough to be a likely typo
/// (distance ≤ max(2, |word| / 3), ignoring case: "EI" suggests "ei"); "" otherwise.
/// Ties go to the first candidate. Names themselves stay case-sensitive: the suggestion
/// is the accepted spelling.
std::string closest_name(const std::string& word, const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" for the closest candidate, or "" when none is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace bosim
