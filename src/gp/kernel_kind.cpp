#include "gp/kernel.hpp"

namespace bosim {

std::string to_string(KernelKind kind) {
  switch (kind) {
    case KernelKind::squared_exponential_ard:
      return "se-ard";
    case KernelKind::squared_exponential:
      return "se";
    case KernelKind::matern52_ard:
      return "matern52-ard";
    case KernelKind::matern52:
      return "matern52";
  }
  return "?";
}

bool parse_kernel_kind(const std::string& name, KernelKind& kind) {
  for (KernelKind k : {KernelKind::squared_exponential_ard, KernelKind::squared_exponential, KernelKind::matern52_ard,
                       KernelKind::matern52}) {
    if (to_string(k) == name) {
      kind = k;
      return true;
    }
  }
  return false;
}

}  // namespace bosim
