#include "expression.hpp"

#include <algorithm>

namespace dtask::array {

int ProgramBuilder::add(const Instruction& instruction) {
  const auto found = std::find(program_.code.begin(), program_.code.end(), instruction);
  if (found != program_.code.end()) return static_cast<int>(found - program_.code.begin());
  program_.code.push_back(instruction);
  return static_cast<int>(program_.code.size()) - 1;
}

int ProgramBuilder::load(const Array& leaf) {
  const auto same = [&](const Array& a) { return a.name() == leaf.name(); };
  auto found = std::find_if(leaves_.begin(), leaves_.end(), same);
  if (found == leaves_.end()) found = leaves_.insert(leaves_.end(), leaf);
  return add({.op = Op::load, .dtype = leaf.dtype(), .a = static_cast<std::int32_t>(found - leaves_.begin())});
}

int ProgramBuilder::constant(DType dtype, double number, std::int64_t integer) {
  // Stored in the dtype's own precision, so that equal constants compare equal.
  Instruction in{.op = Op::constant, .dtype = dtype};
  switch (dtype) {
    case DType::float32: in.number = static_cast<float>(number); break;
    case DType::float64: in.number = number; break;
    case DType::int64: in.integer = integer; break;
    case DType::bool_: in.integer = integer != 0; break;
  }
  return add(in);
}

int ProgramBuilder::append(const Expression& expression, const std::function<Array(const Array&)>& align) {
  const std::vector<Instruction>& code = expression.program().code;
  std::vector<int> renamed(code.size());
  const auto rename = [&](std::int32_t reg) { return reg < 0 ? reg : renamed[static_cast<std::size_t>(reg)]; };
  for (std::size_t i = 0; i < code.size(); ++i) {
    Instruction in = code[i];
    if (in.op == Op::load) {
      renamed[i] = load(align(expression.leaves()[static_cast<std::size_t>(in.a)]));
    } else {
      in.a = rename(in.a);
      in.b = rename(in.b);
      in.c = rename(in.c);
      renamed[i] = add(in);
    }
  }
  return renamed.back();
}

int ProgramBuilder::cast(int reg, DType dtype) {
  const Instruction& from = program_.code[static_cast<std::size_t>(reg)];
  if (from.dtype == dtype) return reg;
  if (from.op != Op::constant) return add({.op = Op::cast, .dtype = dtype, .a = reg});
  // A constant is converted now, once.
  return visit_dtype(from.dtype, [&](auto tag) {
    using F = typename decltype(tag)::type;
    const F value = is_floating(from.dtype) ? static_cast<F>(from.number) : static_cast<F>(from.integer);
    const std::int64_t integer = dtype == DType::bool_ ? convert<bool>(value) : convert<std::int64_t>(value);
    return constant(dtype, convert<double>(value), integer);
  });
}

int ProgramBuilder::op(Op op, DType dtype, int a, int b, int c) {
  return add({.op = op, .dtype = dtype, .a = a, .b = b, .c = c});
}

Expression ProgramBuilder::finish(int result) const {
  const std::vector<Instruction>& code = program_.code;
  std::vector<bool> needed(code.size(), false);
  needed[static_cast<std::size_t>(result)] = true;
  for (std::size_t i = static_cast<std::size_t>(result) + 1; i-- > 0;) {
    if (!needed[i] || code[i].op == Op::load) continue;
    for (std::int32_t operand : {code[i].a, code[i].b, code[i].c}) {
      if (operand >= 0) needed[static_cast<std::size_t>(operand)] = true;
    }
  }
  std::vector<Array> leaves;
  Program program;
  std::vector<std::int32_t> renamed(code.size(), -1);
  const auto rename = [&](std::int32_t reg) { return reg < 0 ? reg : renamed[static_cast<std::size_t>(reg)]; };
  for (std::size_t i = 0; i <= static_cast<std::size_t>(result); ++i) {
    if (!needed[i]) continue;
    Instruction in = code[i];
    if (in.op == Op::load) {
      leaves.push_back(leaves_[static_cast<std::size_t>(in.a)]);
      in.a = static_cast<std::int32_t>(leaves.size()) - 1;
    } else {
      in.a = rename(in.a);
      in.b = rename(in.b);
      in.c = rename(in.c);
    }
    renamed[i] = static_cast<std::int32_t>(program.code.size());
    program.code.push_back(in);
  }
  return Expression(std::move(leaves), std::move(program));
}

}  // namespace dtask::array
