// Field text to values, as the CSV reader and its type inference read them.
//
//   NaMatcher na({"", "NA", "NaN"});
//   na(field);                         // true: a missing value
//   std::int64_t i; parse_int64(" 42", i);   // true (spaces around numbers are allowed)
//   double d; parse_float64("1e-3", d);
//   bool b; parse_bool("True", b);     // True/False/TRUE/FALSE/true/false, as pandas
#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace dtask::io {

// Whether a field is one of the na_values. Most fields are rejected by their first byte and
// length alone, without a string comparison.
class NaMatcher {
 public:
  explicit NaMatcher(std::vector<std::string> values) : values_(std::move(values)) {
    for (const std::string& v : values_) {
      if (v.empty()) {
        empty_is_na_ = true;
        continue;
      }
      first_bytes_[static_cast<unsigned char>(v[0])] = true;
      lengths_ |= v.size() < 64 ? std::uint64_t{1} << v.size() : 0;
      long_values_ = long_values_ || v.size() >= 64;
    }
  }

  bool operator()(std::string_view field) const noexcept {
    if (field.empty()) return empty_is_na_;
    if (!first_bytes_[static_cast<unsigned char>(field[0])]) return false;
    if (field.size() < 64 && (lengths_ >> field.size() & 1) == 0) return false;
    if (field.size() >= 64 && !long_values_) return false;
    for (const std::string& v : values_) {
      if (v == field) return true;
    }
    return false;
  }

 private:
  std::vector<std::string> values_;
  std::array<bool, 256> first_bytes_{};
  std::uint64_t lengths_ = 0;
  bool long_values_ = false;
  bool empty_is_na_ = false;
};

namespace detail {

// The field without surrounding spaces and a leading '+' (from_chars takes neither).
inline std::string_view number_text(std::string_view s) noexcept {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.size() > 1 && s.front() == '+' && s[1] != '-') s.remove_prefix(1);
  return s;
}

}  // namespace detail

inline bool parse_int64(std::string_view field, std::int64_t& out) noexcept {
  const std::string_view s = detail::number_text(field);
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
  return error == std::errc() && end == s.data() + s.size() && !s.empty();
}

inline bool parse_float64(std::string_view field, double& out) noexcept {
  const std::string_view s = detail::number_text(field);
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
  // Out of range: from_chars leaves out alone; pandas reads such a number as +-inf or 0.
  if (error == std::errc::result_out_of_range && end == s.data() + s.size()) {
    const bool tiny = s.find_first_of("eE") != std::string_view::npos &&
                      s[s.find_first_of("eE") + 1] == '-';
    out = tiny ? 0.0 : (s.front() == '-' ? -HUGE_VAL : HUGE_VAL);
    return true;
  }
  return error == std::errc() && end == s.data() + s.size() && !s.empty();
}

inline bool parse_bool(std::string_view field, bool& out) noexcept {
  if (field == "True" || field == "true" || field == "TRUE") {
    out = true;
    return true;
  }
  if (field == "False" || field == "false" || field == "FALSE") {
    out = false;
    return true;
  }
  return false;
}

}  // namespace dtask::io
