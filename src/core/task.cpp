#include <dtask/core/task.hpp>

#include <cstdint>

namespace dtask {

namespace {

enum class ArgKind : std::uint8_t { literal, key, list };

}  // namespace

Task::Task(std::string_view function_name, Args args)
    : function_(find_function(function_name)), args_(std::move(args)) {
  if (!function_) unknown_name_ = std::make_shared<const std::string>(function_name);
}

void Task::save(boost::archive::binary_oarchive& ar, unsigned) const {
  std::string name = function_name();
  std::uint32_t n = static_cast<std::uint32_t>(args_.size());
  ar << name << n;
  for (const Arg& arg : args_) {
    auto kind = static_cast<std::uint8_t>(arg.index());
    ar << kind;
    std::visit([&ar](const auto& a) { ar << a; }, arg);
  }
}

void Task::load(boost::archive::binary_iarchive& ar, unsigned) {
  std::string name;
  std::uint32_t n = 0;
  ar >> name >> n;
  Args args;
  args.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint8_t kind = 0;
    ar >> kind;
    switch (static_cast<ArgKind>(kind)) {
      case ArgKind::literal: {
        Value v;
        ar >> v;
        args.emplace_back(std::move(v));
        break;
      }
      case ArgKind::key: {
        Key k;
        ar >> k;
        args.emplace_back(std::move(k));
        break;
      }
      case ArgKind::list: {
        KeyList keys;
        ar >> keys;
        args.emplace_back(std::move(keys));
        break;
      }
      default:
        DTASK_THROW(ValueError, "corrupt task message: argument kind " + std::to_string(kind));
    }
  }
  *this = Task(name, std::move(args));
}

}  // namespace dtask
