#include "memory_limit.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include <dtask/core/error.hpp>

namespace dtask::mpi {

namespace {

// Dask's units (dask.utils.parse_bytes), compared without case: k/M/G/T/P are powers of 1000,
// Ki/Mi/Gi/Ti/Pi powers of 1024, with or without the trailing B.
constexpr std::array<std::pair<std::string_view, double>, 22> units{{
    {"", 1},         {"b", 1},         {"k", 1e3},       {"kb", 1e3},      {"m", 1e6},
    {"mb", 1e6},     {"g", 1e9},       {"gb", 1e9},      {"t", 1e12},      {"tb", 1e12},
    {"p", 1e15},     {"pb", 1e15},     {"ki", 0x1p10},   {"kib", 0x1p10},  {"mi", 0x1p20},
    {"mib", 0x1p20}, {"gi", 0x1p30},   {"gib", 0x1p30},  {"ti", 0x1p40},   {"tib", 0x1p40},
    {"pi", 0x1p50},  {"pib", 0x1p50},
}};

std::string lower(std::string_view text) {
  std::string out;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

[[noreturn]] void reject(std::string_view text) {
  DTASK_THROW(ValueError, "--memory-limit expects bytes with an optional unit (512MB, 2GiB) or a fraction of the memory (0.25), got '" +
                              std::string(text) + "'");
}

}  // namespace

std::uint64_t parse_memory_limit(std::string_view text, std::uint64_t total_memory) {
  const std::string s = lower(text);
  if (s.empty() || s == "none" || s == "0") return 0;
  const char* begin = s.c_str();
  char* end = nullptr;
  const double number = std::strtod(begin, &end);
  // strtod also reads "inf", "nan" and hexadecimal: none of them is a size.
  const bool plain = (std::isdigit(static_cast<unsigned char>(s.front())) || s.front() == '.') && s.find('x') == std::string::npos;
  if (end == begin || !plain || !std::isfinite(number) || number <= 0) reject(text);
  const std::string_view unit(end);
  const auto found = std::find_if(units.begin(), units.end(), [&](const auto& u) { return u.first == unit; });
  if (found == units.end()) reject(text);
  // A bare number up to 1 is a fraction of the memory (Dask's float memory_limit).
  const double bytes = unit.empty() && number <= 1 ? number * static_cast<double>(total_memory) : number * found->second;
  if (bytes < 1) reject(text);
  return std::min(static_cast<std::uint64_t>(std::min(bytes, 0x1p63)), total_memory);
}

std::string format_bytes(std::uint64_t bytes) {
  constexpr std::array<const char*, 5> names{"B", "kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1000 && unit + 1 < names.size()) value /= 1000, ++unit;
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, names[unit]);
  return text;
}

}  // namespace dtask::mpi
