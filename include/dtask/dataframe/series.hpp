// dtask::dataframe::Series: one column of a lazy frame, with the frame's index columns, as
// dask.dataframe's Series. Arithmetic and comparisons are elementwise and lazy (one layer each);
// reductions return a lazy scalar (a Delayed), as Dask's do.
//
//   auto x = frame["overall"];
//   auto good = frame[x >= 4];                  // a boolean Series filters its frame
//   double mean = x.mean().compute();
//   auto scaled = frame.assign("score", x * 2.0 - 1);
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <variant>

#include <dtask/dataframe/dataframe.hpp>
#include <dtask/delayed.hpp>

namespace dtask::dataframe {

// A literal operand: an integer, a number, a bool or a string.
class Scalar {
 public:
  using Variant = std::variant<std::int64_t, double, bool, std::string>;
  template <std::integral I>
  Scalar(I v) : value_(static_cast<std::int64_t>(v)) {}  // NOLINT: literals convert implicitly
  Scalar(bool v) : value_(v) {}                         // NOLINT
  Scalar(double v) : value_(v) {}                       // NOLINT
  Scalar(const char* v) : value_(std::string(v)) {}     // NOLINT
  Scalar(std::string v) : value_(std::move(v)) {}       // NOLINT
  const Variant& value() const noexcept { return value_; }

 private:
  Variant value_;
};

class Series {
 public:
  // A frame of exactly one value column.
  explicit Series(DataFrame frame);

  const DataFrame& frame() const noexcept { return frame_; }
  const std::string& name() const;
  ColumnType dtype() const;
  std::int64_t npartitions() const noexcept { return frame_.npartitions(); }

  Table compute() const { return frame_.compute(); }
  Table compute(sched::Scheduler& scheduler) const { return frame_.compute(scheduler); }
  Series persist() const { return Series(frame_.persist()); }
  Table head(std::size_t n = 5) const { return frame_.head(n); }
  std::int64_t len() const { return frame_.len(); }

  Series rename(const std::string& name) const;
  Series astype(ColumnType type) const;
  Series isnull() const;
  Series notnull() const;
  Series fillna(const Scalar& value) const;

  // Reductions over the whole column; missing values are skipped, as pandas skips them.
  Delayed<double> sum() const;
  Delayed<double> mean() const;
  Delayed<double> min() const;
  Delayed<double> max() const;
  Delayed<double> var(int ddof = 1) const;
  Delayed<double> std(int ddof = 1) const;
  Delayed<std::int64_t> count() const;
  Delayed<std::int64_t> nunique() const;
  // Index: the distinct values; column "count"; the most frequent first.
  Series value_counts() const;

 private:
  DataFrame frame_;
};

// Elementwise, with a Series or a Scalar on either side. Arithmetic gives float64 (int64 for
// + - * of two integers; + of two strings concatenates), comparisons and & | ~ give bool; a
// missing operand gives missing (docs/dataframe.md).
#define DTASK_SERIES_BINARY(op)                                 \
  Series operator op(const Series& a, const Series& b);         \
  Series operator op(const Series& a, const Scalar& b);         \
  Series operator op(const Scalar& a, const Series& b);
DTASK_SERIES_BINARY(+)
DTASK_SERIES_BINARY(-)
DTASK_SERIES_BINARY(*)
DTASK_SERIES_BINARY(/)
DTASK_SERIES_BINARY(==)
DTASK_SERIES_BINARY(!=)
DTASK_SERIES_BINARY(<)
DTASK_SERIES_BINARY(<=)
DTASK_SERIES_BINARY(>)
DTASK_SERIES_BINARY(>=)
DTASK_SERIES_BINARY(&)
DTASK_SERIES_BINARY(|)
#undef DTASK_SERIES_BINARY
Series operator~(const Series& a);
Series operator-(const Series& a);

}  // namespace dtask::dataframe
