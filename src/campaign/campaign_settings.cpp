#include "campaign/campaign_settings.hpp"

namespace bosim {

std::string to_string(InitialDesignKind kind) {
  switch (kind) {
    case InitialDesignKind::random:
      return "random";
    case InitialDesignKind::latin_hypercube:
      return "lhs";
    case InitialDesignKind::listed:
      return "list";
    case InitialDesignKind::worst:
      return "worst";
    case InitialDesignKind::box:
      return "box";
    case InitialDesignKind::data:
      return "data";
  }
  return "?";
}

bool parse_initial_design_kind(const std::string& name, InitialDesignKind& kind) {
  for (InitialDesignKind k : {InitialDesignKind::random, InitialDesignKind::latin_hypercube, InitialDesignKind::listed,
                              InitialDesignKind::worst, InitialDesignKind::box, InitialDesignKind::data}) {
    if (to_string(k) == name) {
      kind = k;
      return true;
    }
  }
  return false;
}

std::string to_string(CandidateMode mode) { return mode == CandidateMode::pool ? "pool" : "grid-snap"; }

bool parse_candidate_mode(const std::string& name, CandidateMode& mode) {
  if (name == "pool")
    mode = CandidateMode::pool;
  else if (name == "grid-snap")
    mode = CandidateMode::grid_snap;
  else
    return false;
  return true;
}

}  // namespace bosim
