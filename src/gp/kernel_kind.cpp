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

const std::vector<KernelKind>& all_kernel_kinds() {
  static const std::vector<KernelKind> kinds = {KernelKind::squared_exponential_ard, KernelKind::squared_exponential,
                                                KernelKind::matern52_ard, KernelKind::matern52};
  return kinds;
}

std::vector<std::string> kernel_kind_names() {
  std::vector<std::string> names;
  for (const KernelKind kind : all_kernel_kinds()) names.push_back(to_string(kind));
  return names;
}

bool parse_kernel_kind(const std::string& name, KernelKind& kind) {
  for (KernelKind k : all_kernel_kinds()) {
    if (to_string(k) == name) {
      kind = k;
      return true;
    }
  }
  return false;
}

}  // namespace bosim
