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

namespace detail {

// Up to 18 plain decimal digits (no sign): the common case, in one loop without overflow checks.
inline bool short_digits(std::string_view s, std::uint64_t& out, std::size_t& count) noexcept {
  std::uint64_t v = 0;
  std::size_t i = 0;
  for (; i < s.size() && i < 19; ++i) {
    const unsigned d = static_cast<unsigned char>(s[i]) - '0';
    if (d > 9) break;
    v = v * 10 + d;
  }
  out = v;
  count = i;
  return i > 0 && i < 19;
}

inline constexpr double exact_powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

}  // namespace detail

inline bool parse_int64(std::string_view field, std::int64_t& out) noexcept {
  const std::string_view s = detail::number_text(field);
  const bool negative = !s.empty() && s.front() == '-';
  std::uint64_t v;
  std::size_t digits;
  if (detail::short_digits(s.substr(negative), v, digits) && digits + negative == s.size()) {
    out = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    return true;
  }
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
  return error == std::errc() && end == s.data() + s.size() && !s.empty();
}

inline bool parse_float64(std::string_view field, double& out) noexcept {
  const std::string_view s = detail::number_text(field);
  // Fast path: [-]digits[.digits] with at most 15 digits is an exact integer divided by an
  // exact power of ten, which one IEEE division rounds correctly (as from_chars would).
  {
    const bool negative = !s.empty() && s.front() == '-';
    std::string_view rest = s.substr(negative);
    std::uint64_t whole, fraction = 0;
    std::size_t whole_digits, fraction_digits = 0;
    if (detail::short_digits(rest, whole, whole_digits)) {
      rest.remove_prefix(whole_digits);
      bool plain = rest.empty();
      if (!plain && rest.front() == '.') {
        rest.remove_prefix(1);
        plain = rest.empty() || (detail::short_digits(rest, fraction, fraction_digits) &&
                                 fraction_digits == rest.size());
      }
      if (plain && whole_digits + fraction_digits <= 15) {
        std::uint64_t m = whole;
        for (std::size_t i = 0; i < fraction_digits; ++i) m *= 10;
        m += fraction;
        // "5.0" is 5: no division (whose latency is most of the parse of such a field).
        while (fraction_digits > 0 && m % 10 == 0) {
          m /= 10;
          --fraction_digits;
        }
        const double v = fraction_digits == 0
                             ? static_cast<double>(m)
                             : static_cast<double>(m) / detail::exact_powers_of_ten[fraction_digits];
        out = negative ? -v : v;
        return true;
      }
    }
  }
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
  // Out of range: from_chars leaves out alone; pandas reads such a number as +-inf or 0.
  if (error == std::errc::result_out_of_range && end == s.data() + s.size()) {
    const bool tiny =
        s.find_first_of("eE") != std::string_view::npos && s[s.find_first_of("eE") + 1] == '-';
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
