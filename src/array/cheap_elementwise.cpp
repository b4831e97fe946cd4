#include "cheap_elementwise.hpp"

#include <algorithm>

namespace dtask::array::detail {

namespace {

constexpr std::size_t max_cheap_instructions = 8;

bool is_cheap(const Instruction& instruction) {
  switch (instruction.op) {
    case Op::load:
    case Op::constant:
    case Op::cast:
    case Op::negative:
    case Op::add:
    case Op::subtract:
    case Op::multiply:
    case Op::divide: return true;
    default: return false;
  }
}

}  // namespace

std::optional<CheapElementwiseOf> cheap_elementwise_of(const Array& x) {
  if (!x.expression()) return std::nullopt;
  const Expression& e = *x.expression();
  const std::vector<Instruction>& code = e.program().code;
  if (e.leaves().size() != 1 || code.size() > max_cheap_instructions || !std::all_of(code.begin(), code.end(), is_cheap)) {
    return std::nullopt;
  }
  const Array& leaf = e.leaves().front();
  if (leaf.shape() != x.shape() || leaf.chunks() != x.chunks()) return std::nullopt;
  return CheapElementwiseOf{leaf, e.program()};
}

}  // namespace dtask::array::detail
