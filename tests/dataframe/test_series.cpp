// Series elementwise operators, conversions and reductions against naive loops over the same
// table, at several partitionings (ragged, empty partitions, more partitions than rows).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>

#include <dtask/dataframe/series.hpp>

#include "series_testing.hpp"

namespace {

namespace dd = dtask::dataframe;
using dd::testing::number;
using dtask::Column;
using dtask::ColumnType;
using dtask::Table;

constexpr std::size_t rows = 31;

const Table& source() {
  static const Table t = dd::testing::numbers_table(rows);
  return t;
}

// The value column of a computed Series.
Column values_of(const dd::Series& s) {
  const Table t = dd::testing::compute_sync(s.frame());
  EXPECT_EQ(t.rows(), rows);
  return t.column(t.width() - 1);
}

// Expects column c to hold expected(row) (nullopt: missing) in every row, of type `type`.
template <class F>
void expect_numbers(const Column& c, ColumnType type, F expected) {
  ASSERT_EQ(c.type(), type);
  ASSERT_EQ(c.size(), rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::optional<double> want = expected(r);
    ASSERT_EQ(c.is_valid(r), want.has_value()) << "row " << r;
    if (!want) continue;
    const double got = c.number_at(r);
    if (std::isnan(*want))
      EXPECT_TRUE(std::isnan(got)) << "row " << r;
    else
      EXPECT_EQ(got, *want) << "row " << r;
  }
}

std::optional<double> both(std::optional<double> a, std::optional<double> b,
                           double (*f)(double, double)) {
  if (!a || !b) return std::nullopt;
  return f(*a, *b);
}

TEST(SeriesArithmetic, IntegersStayIntegersAndDivisionGivesFloats) {
  const Column& id = source().column("id");
  const Column& k = source().column("k");
  for (std::int64_t np : dd::testing::partitionings(rows)) {
    const dd::DataFrame f = dd::from_table(source(), np);
    expect_numbers(values_of(f["id"] + f["k"]), ColumnType::int64, [&](std::size_t r) {
      return both(number(id, r), number(k, r), [](double a, double b) { return a + b; });
    });
    expect_numbers(values_of(f["id"] * f["k"] - f["k"]), ColumnType::int64, [&](std::size_t r) {
      return both(number(id, r), number(k, r), [](double a, double b) { return a * b - b; });
    });
    expect_numbers(values_of(f["id"] / f["k"]), ColumnType::float64, [&](std::size_t r) {
      return both(number(id, r), number(k, r), [](double a, double b) { return a / b; });
    });
  }
}

TEST(SeriesArithmetic, MixesIntegersFloatsBoolsAndScalarsOnEitherSide) {
  const Column& k = source().column("k");
  const Column& y = source().column("y");
  const Column& flag = source().column("flag");
  const dd::DataFrame f = dd::from_table(source(), 4);
  expect_numbers(values_of(f["k"] * f["y"]), ColumnType::float64, [&](std::size_t r) {
    return both(number(k, r), number(y, r), [](double a, double b) { return a * b; });
  });
  expect_numbers(values_of(2 - f["k"]), ColumnType::int64,
                 [&](std::size_t r) { return 2 - *number(k, r); });
  expect_numbers(values_of(f["k"] + 0.5), ColumnType::float64,
                 [&](std::size_t r) { return *number(k, r) + 0.5; });
  expect_numbers(values_of(1.5 / f["y"]), ColumnType::float64,
                 [&](std::size_t r) -> std::optional<double> {
                   if (!number(y, r)) return std::nullopt;
                   return 1.5 / *number(y, r);
                 });
  expect_numbers(values_of(f["flag"] + f["k"]), ColumnType::int64,
                 [&](std::size_t r) { return *number(flag, r) + *number(k, r); });
  expect_numbers(values_of(-f["k"]), ColumnType::int64,
                 [&](std::size_t r) { return -*number(k, r); });
  expect_numbers(values_of(~f["k"]), ColumnType::int64, [&](std::size_t r) {
    return static_cast<double>(~static_cast<std::int64_t>(*number(k, r)));
  });
}

TEST(SeriesArithmetic, IntegerOverflowWrapsAsNumPy) {
  Table t;
  t.add_column("v",
               Column::of(std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::max(), 1}));
  const Table out = dd::testing::compute_sync((dd::from_table(t, 2)["v"] + 1).frame());
  EXPECT_EQ(out.column("v").int64s()[0], std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(out.column("v").int64s()[1], 2);
}

TEST(SeriesArithmetic, AddsStringsByConcatenation) {
  Table t = source();
  Column with_null(ColumnType::string);
  for (std::size_t r = 0; r < rows; ++r) {
    if (r % 4 == 1)
      with_null.append_null();
    else
      with_null.append_string(std::string(r % 3, 'z'));
  }
  t.add_column("maybe", std::move(with_null));
  for (std::int64_t np : dd::testing::partitionings(rows)) {
    const dd::DataFrame f = dd::from_table(t, np);
    const Column joined = values_of(f["name"] + "-" + f["maybe"]);
    const Column prefixed = values_of("<" + f["other"]);
    ASSERT_EQ(joined.type(), ColumnType::string);
    for (std::size_t r = 0; r < rows; ++r) {
      EXPECT_EQ(prefixed.string_at(r), "<" + std::string(t.column("other").string_at(r)));
      ASSERT_EQ(joined.is_valid(r), r % 4 != 1) << r;
      const std::string want =
          r % 4 == 1 ? ""
                     : std::string(t.column("name").string_at(r)) + "-" + std::string(r % 3, 'z');
      EXPECT_EQ(joined.string_at(r), want) << r;
    }
  }
}

TEST(SeriesComparison, NumbersCompareExactlyAndNaNIsUnequal) {
  const Column& id = source().column("id");
  const Column& k = source().column("k");
  const Column& y = source().column("y");
  for (std::int64_t np : dd::testing::partitionings(rows)) {
    const dd::DataFrame f = dd::from_table(source(), np);
    expect_numbers(values_of(f["id"] < f["k"]), ColumnType::boolean, [&](std::size_t r) {
      return both(number(id, r), number(k, r),
                  [](double a, double b) { return a < b ? 1.0 : 0.0; });
    });
    expect_numbers(values_of(f["y"] != f["y"]), ColumnType::boolean, [&](std::size_t r) {
      return both(number(y, r), number(y, r),
                  [](double a, double b) { return a != b ? 1.0 : 0.0; });
    });
    expect_numbers(values_of(f["y"] == f["y"]), ColumnType::boolean, [&](std::size_t r) {
      return both(number(y, r), number(y, r),
                  [](double a, double b) { return a == b ? 1.0 : 0.0; });
    });
    expect_numbers(values_of(0.5 >= f["y"]), ColumnType::boolean, [&](std::size_t r) {
      return both(0.5, number(y, r), [](double a, double b) { return a >= b ? 1.0 : 0.0; });
    });
    expect_numbers(values_of(f["k"] > 2), ColumnType::boolean,
                   [&](std::size_t r) { return *number(k, r) > 2 ? 1.0 : 0.0; });
  }
}

TEST(SeriesComparison, StringsCompareBytewise) {
  const Column& name = source().column("name");
  const Column& other = source().column("other");
  const dd::DataFrame f = dd::from_table(source(), 5);
  const auto flag = [](bool v) -> std::optional<double> { return v ? 1.0 : 0.0; };
  expect_numbers(values_of(f["name"] == "key1"), ColumnType::boolean,
                 [&](std::size_t r) { return flag(name.string_at(r) == "key1"); });
  expect_numbers(values_of("key2" < f["name"]), ColumnType::boolean,
                 [&](std::size_t r) { return flag("key2" < name.string_at(r)); });
  expect_numbers(values_of(f["name"] <= f["other"]), ColumnType::boolean,
                 [&](std::size_t r) { return flag(name.string_at(r) <= other.string_at(r)); });
  expect_numbers(values_of(f["name"] != f["other"]), ColumnType::boolean,
                 [&](std::size_t r) { return flag(name.string_at(r) != other.string_at(r)); });
}

// Kleene's logic, as pandas' nullable booleans: NA & false is false, NA | true is true.
std::optional<bool> kleene_and(std::optional<bool> a, std::optional<bool> b) {
  if ((a && !*a) || (b && !*b)) return false;
  if (!a || !b) return std::nullopt;
  return true;
}
std::optional<bool> kleene_or(std::optional<bool> a, std::optional<bool> b) {
  if ((a && *a) || (b && *b)) return true;
  if (!a || !b) return std::nullopt;
  return false;
}

TEST(SeriesLogical, AndOrNotFollowKleenesLogicForMissingValues) {
  const Column& flag = source().column("flag");
  const Column& b = source().column("b");
  const auto as_bool = [](const Column& c, std::size_t r) -> std::optional<bool> {
    if (!c.is_valid(r)) return std::nullopt;
    return c.bools()[r] != 0;
  };
  const auto as_number = [](std::optional<bool> v) -> std::optional<double> {
    if (!v) return std::nullopt;
    return *v ? 1.0 : 0.0;
  };
  for (std::int64_t np : dd::testing::partitionings(rows)) {
    const dd::DataFrame f = dd::from_table(source(), np);
    expect_numbers(values_of(f["flag"] & f["b"]), ColumnType::boolean, [&](std::size_t r) {
      return as_number(kleene_and(as_bool(flag, r), as_bool(b, r)));
    });
    expect_numbers(values_of(f["b"] | f["flag"]), ColumnType::boolean, [&](std::size_t r) {
      return as_number(kleene_or(as_bool(b, r), as_bool(flag, r)));
    });
    expect_numbers(values_of(f["b"] & true), ColumnType::boolean,
                   [&](std::size_t r) { return as_number(kleene_and(as_bool(b, r), true)); });
    expect_numbers(values_of(false | f["b"]), ColumnType::boolean,
                   [&](std::size_t r) { return as_number(kleene_or(false, as_bool(b, r))); });
    expect_numbers(values_of(~f["b"]), ColumnType::boolean,
                   [&](std::size_t r) -> std::optional<double> {
                     const auto v = as_bool(b, r);
                     if (!v) return std::nullopt;
                     return *v ? 0.0 : 1.0;
                   });
  }
}

TEST(SeriesOperators, RefuseTypeMismatchesWhenTheGraphIsBuilt) {
  const dd::DataFrame f = dd::from_table(source(), 2);
  EXPECT_THROW(f["name"] + 1, dtask::TypeError);
  EXPECT_THROW(f["name"] - f["name"], dtask::TypeError);
  EXPECT_THROW(f["name"] < 1, dtask::TypeError);
  EXPECT_THROW(f["x"] == "key1", dtask::TypeError);
  EXPECT_THROW(f["x"] & f["flag"], dtask::TypeError);
  EXPECT_THROW(-f["flag"], dtask::TypeError);
  EXPECT_THROW(~f["x"], dtask::TypeError);
}

TEST(SeriesOperators, NeedTheSamePartitioning) {
  const dd::DataFrame a = dd::from_table(source(), 2);
  const dd::DataFrame b = dd::from_table(source(), 3);
  EXPECT_THROW(a["x"] + b["x"], dtask::ValueError);
  // Same count, different cuts: refused when the partitions meet.
  const dd::DataFrame c = dd::from_table(source().slice(0, 20), 2);
  EXPECT_THROW(dd::testing::compute_sync((a["x"] + c["x"]).frame()), dtask::Error);
}

TEST(SeriesOperators, KeepTheLeftOperandsIndexAndName) {
  Table t = source();
  t.set_index_width(1);  // "id" is the index
  const dd::DataFrame f = dd::from_table(t, 3);
  const dd::Series s = f["k"] + f["x"];
  EXPECT_EQ(s.name(), "k");
  EXPECT_EQ(s.frame().meta().index_width, 1u);
  const Table out = dd::testing::compute_sync(s.frame());
  EXPECT_EQ(out.names(), (std::vector<std::string>{"id", "k"}));
  EXPECT_EQ(out.column("id"), t.column("id"));
  EXPECT_EQ(dd::testing::compute_sync((1.0 + f["x"]).frame()).names(),
            (std::vector<std::string>{"id", "x"}));
}

TEST(SeriesMissing, IsnullCountsNaNAndFillnaFillsIt) {
  const Column& y = source().column("y");
  const Column& id = source().column("id");
  const dd::DataFrame f = dd::from_table(source(), 3);
  const auto missing = [&](std::size_t r) { return !y.is_valid(r) || std::isnan(y.float64s()[r]); };
  expect_numbers(values_of(f["y"].isnull()), ColumnType::boolean,
                 [&](std::size_t r) { return missing(r) ? 1.0 : 0.0; });
  expect_numbers(values_of(f["y"].notnull()), ColumnType::boolean,
                 [&](std::size_t r) { return missing(r) ? 0.0 : 1.0; });
  expect_numbers(values_of(f["id"].isnull()), ColumnType::boolean,
                 [&](std::size_t r) { return id.is_valid(r) ? 0.0 : 1.0; });
  expect_numbers(values_of(f["y"].fillna(7)), ColumnType::float64,
                 [&](std::size_t r) { return missing(r) ? 7.0 : y.float64s()[r]; });
  expect_numbers(values_of(f["id"].fillna(-1)), ColumnType::int64,
                 [&](std::size_t r) { return id.is_valid(r) ? id.number_at(r) : -1.0; });
  expect_numbers(values_of(f["id"].fillna(0.5)), ColumnType::float64,
                 [&](std::size_t r) { return id.is_valid(r) ? id.number_at(r) : 0.5; });
  const Column names = values_of(dd::from_table(source(), 2)["name"].fillna("none"));
  EXPECT_EQ(names, source().column("name"));
  EXPECT_THROW(f["name"].fillna(1), dtask::TypeError);
  EXPECT_THROW(f["x"].fillna("a"), dtask::TypeError);
}

TEST(SeriesConvert, AstypeConvertsAndKeepsMissingRows) {
  const Column& id = source().column("id");
  const dd::DataFrame f = dd::from_table(source(), 3);
  expect_numbers(values_of(f["id"].astype(ColumnType::float64)), ColumnType::float64,
                 [&](std::size_t r) { return number(id, r); });
  expect_numbers(values_of(f["x"].astype(ColumnType::int64)), ColumnType::int64,
                 [&](std::size_t r) { return std::trunc(source().column("x").float64s()[r]); });
  expect_numbers(values_of(f["k"].astype(ColumnType::boolean)), ColumnType::boolean,
                 [&](std::size_t r) { return source().column("k").int64s()[r] != 0 ? 1.0 : 0.0; });
  const Column text = values_of(f["id"].astype(ColumnType::string));
  const Column back = values_of(f["id"].astype(ColumnType::string).astype(ColumnType::int64));
  EXPECT_EQ(back, id);
  for (std::size_t r = 0; r < rows; ++r) {
    ASSERT_EQ(text.is_valid(r), id.is_valid(r));
    if (id.is_valid(r)) {
      EXPECT_EQ(text.string_at(r), std::to_string(id.int64s()[r]));
    }
  }
  const Column floats = values_of(f["x"].astype(ColumnType::string));
  EXPECT_EQ(floats.string_at(0), "-3.0");
  EXPECT_EQ(floats.string_at(1), "-2.5");
  // NaN has no int64: an error when the partition holding it runs.
  EXPECT_THROW(dd::testing::compute_sync(f["y"].astype(ColumnType::int64).frame()), dtask::Error);
  EXPECT_THROW(dd::testing::compute_sync(f["name"].astype(ColumnType::float64).frame()),
               dtask::Error);
}

TEST(SeriesConvert, RenameChangesOnlyTheName) {
  const dd::DataFrame f = dd::from_table(source(), 3);
  const dd::Series s = f["x"].rename("score");
  EXPECT_EQ(s.name(), "score");
  const Table t = dd::testing::compute_sync(s.frame());
  EXPECT_EQ(t.names(), std::vector<std::string>{"score"});
  EXPECT_EQ(t.column("score"), source().column("x"));
}

// Two-pass reference statistics of the valid, non-NaN values.
struct Reference {
  std::int64_t count = 0;
  double sum = 0, mean = NAN, var = NAN, min = NAN, max = NAN;
};

Reference reference(const Column& c) {
  std::vector<double> v;
  for (std::size_t r = 0; r < c.size(); ++r) {
    if (c.is_valid(r) && !std::isnan(c.number_at(r))) v.push_back(c.number_at(r));
  }
  Reference ref;
  ref.count = static_cast<std::int64_t>(v.size());
  for (double x : v) ref.sum += x;
  if (v.empty()) return ref;
  ref.mean = ref.sum / static_cast<double>(v.size());
  ref.min = *std::min_element(v.begin(), v.end());
  ref.max = *std::max_element(v.begin(), v.end());
  double m2 = 0;
  for (double x : v) m2 += (x - ref.mean) * (x - ref.mean);
  if (v.size() > 1) ref.var = m2 / static_cast<double>(v.size() - 1);
  return ref;
}

void expect_near_or_nan(double got, double want, const std::string& what) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got)) << what;
  } else {
    EXPECT_NEAR(got, want, 1e-12 * std::max(1.0, std::abs(want))) << what;
  }
}

TEST(SeriesReductions, AgreeWithTwoPassLoopsAndSkipMissingValues) {
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{200}}) {
    const Table t = dd::testing::numbers_table(n);
    for (const std::string column : {"id", "x", "y", "k", "flag"}) {
      const Reference ref = reference(t.column(column));
      for (std::int64_t np :
           {std::int64_t{1}, std::int64_t{3}, std::int64_t{17}, static_cast<std::int64_t>(n) + 3}) {
        const dd::Series s = dd::from_table(t, np)[column];
        dtask::sched::SyncScheduler sync;
        const std::string what = column + " n=" + std::to_string(n) + " np=" + std::to_string(np);
        EXPECT_EQ(s.count().compute(sync), ref.count) << what;
        expect_near_or_nan(s.sum().compute(sync), ref.sum, what + " sum");
        expect_near_or_nan(s.mean().compute(sync), ref.mean, what + " mean");
        expect_near_or_nan(s.min().compute(sync), ref.min, what + " min");
        expect_near_or_nan(s.max().compute(sync), ref.max, what + " max");
        expect_near_or_nan(s.var().compute(sync), ref.var, what + " var");
        expect_near_or_nan(s.std().compute(sync), std::sqrt(ref.var), what + " std");
      }
    }
  }
}

TEST(SeriesReductions, GiveTheSameBitsOnSyncAndThreadSchedulers) {
  const Table t = dd::testing::numbers_table(5000);
  const dd::Series s = dd::from_table(t, 70)["y"] * 1.1;  // 70 partitions: a tree of three levels
  dtask::sched::SyncScheduler sync;
  dtask::sched::ThreadScheduler threads(4);
  for (const auto& reduce :
       {&dd::Series::sum, &dd::Series::mean, &dd::Series::min, &dd::Series::max}) {
    EXPECT_EQ((s.*reduce)().compute(sync), (s.*reduce)().compute(threads));
  }
  EXPECT_EQ(s.var(0).compute(sync), s.var(0).compute(threads));
  EXPECT_EQ(s.std().compute(sync), s.std().compute(threads));
}

TEST(SeriesReductions, SumIntegersExactlyWithinAPartition) {
  Table t;
  const std::int64_t big = std::int64_t{1} << 53;  // big + 1 is not a double
  t.add_column("v", Column::of(std::vector<std::int64_t>{big, 1, 1}));
  dtask::sched::SyncScheduler sync;
  EXPECT_EQ(dd::from_table(t, 1)["v"].sum().compute(sync), static_cast<double>(big + 2));
}

TEST(SeriesReductions, RefuseStringsAndNegativeDdof) {
  const dd::DataFrame f = dd::from_table(source(), 2);
  EXPECT_THROW(f["name"].sum(), dtask::TypeError);
  EXPECT_THROW(f["x"].var(-1), dtask::ValueError);
  dtask::sched::SyncScheduler sync;
  EXPECT_TRUE(std::isnan(f["x"].var(1000).compute(sync)));
}

}  // namespace
