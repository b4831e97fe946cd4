// Filters, assign, head, len, describe and to_hdf5 against naive loops over the same table, at
// partitionings with empty partitions and more partitions than rows.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <dtask/dataframe/series.hpp>
#include <dtask/io/hdf5.hpp>

#include "series_testing.hpp"

namespace {

namespace dd = dtask::dataframe;
namespace fs = std::filesystem;
using dtask::Column;
using dtask::ColumnType;
using dtask::Table;

TEST(DataFrameFilter, KeepsRowsWhereTheMaskIsTrueAndDropsMissing) {
  const Table t = dd::testing::numbers_table(45);
  std::vector<std::uint8_t> keep(t.rows()), keep_id(t.rows());
  for (std::size_t r = 0; r < t.rows(); ++r) {
    keep[r] = t.column("x").float64s()[r] > 2 && t.column("name").string_at(r) != "key3";
    keep_id[r] = t.column("id").is_valid(r) && t.column("id").int64s()[r] >= 3;
  }
  for (std::int64_t np : dd::testing::partitionings(t.rows())) {
    const dd::DataFrame f = dd::from_table(t, np);
    EXPECT_EQ(dd::testing::compute_sync(f[(f["x"] > 2) & (f["name"] != "key3")]), t.filter(keep))
        << np;
    EXPECT_EQ(dd::testing::compute_sync(f[f["id"] >= 3]), t.filter(keep_id)) << np;
  }
}

TEST(DataFrameFilter, RefusesMasksThatAreNotBoolOrCutOtherwise) {
  const dd::DataFrame f = dd::from_table(dd::testing::numbers_table(10), 2);
  EXPECT_THROW(f[f["x"]], dtask::TypeError);
  EXPECT_THROW(f[dd::from_table(dd::testing::numbers_table(10), 3)["flag"]], dtask::ValueError);
}

TEST(DataFrameAssign, AddsOrReplacesAColumn) {
  const Table t = dd::testing::numbers_table(23);
  for (std::int64_t np : dd::testing::partitionings(t.rows())) {
    const dd::DataFrame f = dd::from_table(t, np);
    const dd::DataFrame added = f.assign("score", f["x"] * 2.0 - f["k"]);
    const dd::DataFrame replaced = added.assign("x", f["k"]);
    EXPECT_EQ(added.columns().back(), "score");
    EXPECT_EQ(replaced.meta().type_of("x"), ColumnType::int64);
    const Table got = dd::testing::compute_sync(replaced);
    Table want = t;
    Column score(ColumnType::float64);
    for (std::size_t r = 0; r < t.rows(); ++r) {
      score.append_float64(t.column("x").float64s()[r] * 2.0 -
                           static_cast<double>(t.column("k").int64s()[r]));
    }
    want.add_column("score", std::move(score));
    want.set_column("x", t.column("k"));
    EXPECT_EQ(got, want) << np;
    EXPECT_EQ(got.schema(), replaced.meta());
  }
}

TEST(DataFrameAssign, RefusesIndexColumnsAndOtherPartitionings) {
  Table t = dd::testing::numbers_table(10);
  t.set_index_width(1);
  const dd::DataFrame f = dd::from_table(t, 2);
  EXPECT_THROW(f.assign("id", f["k"]), dtask::ValueError);
  EXPECT_THROW(f.assign("z", dd::from_table(t, 3)["k"]), dtask::ValueError);
}

TEST(DataFrameHead, TakesRowsFromAsManyPartitionsAsNeeded) {
  const Table t = dd::testing::numbers_table(20);
  for (std::int64_t np : {std::int64_t{1}, std::int64_t{3}, std::int64_t{50}}) {
    const dd::DataFrame f = dd::from_table(t, np);
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{13},
                          std::size_t{20}, std::size_t{99}}) {
      EXPECT_EQ(f.head(n), t.head(n)) << "np " << np << " n " << n;
    }
  }
  // Most partitions empty: head keeps going past them.
  const dd::DataFrame sparse = dd::from_table(t, 8);
  EXPECT_EQ(sparse[sparse["k"] > 9].head(2), t.filter([&] {
                                                std::vector<std::uint8_t> keep(t.rows());
                                                for (std::size_t r = 0; r < t.rows(); ++r)
                                                  keep[r] = t.column("k").int64s()[r] > 9;
                                                return keep;
                                              }())
                                                 .head(2));
}

TEST(DataFrameLen, CountsRowsOfEveryPartition) {
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{100}}) {
    for (std::int64_t np : {std::int64_t{1}, std::int64_t{9}, std::int64_t{130}}) {
      const dd::DataFrame f = dd::from_table(dd::testing::numbers_table(n), np);
      EXPECT_EQ(f.len(), static_cast<std::int64_t>(n));
      EXPECT_EQ(f["x"].len(), static_cast<std::int64_t>(n));
    }
  }
}

// NumPy's default (linear) quantile of sorted values.
double numpy_quantile(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const double fraction = position - static_cast<double>(below);
  if (below + 1 >= sorted.size()) return sorted.back();
  const double d = sorted[below + 1] - sorted[below];
  return fraction >= 0.5 ? sorted[below + 1] - d * (1 - fraction) : sorted[below] + d * fraction;
}

std::vector<double> sorted_values(const Column& c) {
  std::vector<double> v;
  for (std::size_t r = 0; r < c.size(); ++r) {
    if (c.is_valid(r) && !std::isnan(c.number_at(r))) v.push_back(c.number_at(r));
  }
  std::sort(v.begin(), v.end());
  return v;
}

TEST(DataFrameDescribe, GivesPandasStatisticsOfNumericColumns) {
  const Table t = dd::testing::numbers_table(57);
  const dd::DataFrame f = dd::from_table(t, 4);
  const dd::DataFrame d = f.describe();
  EXPECT_EQ(d.npartitions(), 1);
  EXPECT_EQ(d.columns(), (std::vector<std::string>{"id", "x", "k", "y"}));
  const Table got = dd::testing::compute_sync(d);
  const std::vector<std::string> labels = {"count", "mean", "std", "min",
                                           "25%",   "50%",  "75%", "max"};
  for (std::size_t i = 0; i < labels.size(); ++i) EXPECT_EQ(got.column(0).string_at(i), labels[i]);
  // An unnamed index prints no line of index names, as pandas prints describe().
  const std::string text = got.to_string();
  EXPECT_EQ(text.substr(text.find('\n') + 1, 5), "count") << text;
  dtask::sched::SyncScheduler sync;
  for (const std::string column : {"id", "x", "k", "y"}) {
    const std::vector<double> v = sorted_values(t.column(column));
    const auto stats = got.column(column).float64s();
    EXPECT_EQ(stats[0], static_cast<double>(v.size()));
    EXPECT_EQ(stats[1], f[column].mean().compute(sync))
        << column;  // the same bits as the Series reductions
    EXPECT_EQ(stats[2], f[column].std().compute(sync)) << column;
    EXPECT_EQ(stats[3], v.front());
    // Partitions of at most 1001 values are summarised exactly.
    EXPECT_DOUBLE_EQ(stats[4], numpy_quantile(v, 0.25)) << column;
    EXPECT_DOUBLE_EQ(stats[5], numpy_quantile(v, 0.5)) << column;
    EXPECT_DOUBLE_EQ(stats[6], numpy_quantile(v, 0.75)) << column;
    EXPECT_EQ(stats[7], v.back());
  }
}

TEST(DataFrameDescribe, EstimatesQuantilesOfLargePartitionsWithinTheRankBound) {
  // Values in a scrambled order so that every partition sees the whole range.
  const std::size_t n = 30011;
  std::vector<double> values(n);
  for (std::size_t r = 0; r < n; ++r) values[r] = std::sin(static_cast<double>(r) * 12.9898) * 1000;
  Table t;
  t.add_column("v", Column::of(values));
  const std::int64_t np = 3;
  const Table got = dd::testing::compute_sync(dd::from_table(t, np).describe());
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  // E = sum over partitions of ceil((n_i - 1) / 1000).
  std::int64_t bound = 0;
  for (std::int64_t i = 0; i < np; ++i) {
    const std::int64_t rows_i =
        static_cast<std::int64_t>(n) * (i + 1) / np - static_cast<std::int64_t>(n) * i / np;
    bound += (rows_i - 1 + 999) / 1000;
  }
  for (const auto& [row, q] : {std::pair{4, 0.25}, std::pair{5, 0.5}, std::pair{6, 0.75}}) {
    const double estimate = got.column("v").float64s()[static_cast<std::size_t>(row)];
    const double position = q * static_cast<double>(n - 1);
    const auto low = static_cast<std::size_t>(
        std::max<double>(0, std::floor(position) - static_cast<double>(bound)));
    const auto high = static_cast<std::size_t>(
        std::min<double>(n - 1, std::ceil(position) + static_cast<double>(bound)));
    EXPECT_GE(estimate, sorted[low]) << q;
    EXPECT_LE(estimate, sorted[high]) << q;
  }
  EXPECT_EQ(got.column("v").float64s()[3], sorted.front());
  EXPECT_EQ(got.column("v").float64s()[7], sorted.back());
}

TEST(DataFrameDescribe, RefusesFramesWithoutNumbers) {
  const dd::DataFrame f = dd::from_table(dd::testing::numbers_table(5), 2);
  const std::vector<std::string> no_numbers = {"name", "flag"};
  EXPECT_THROW(f[no_numbers].describe(), dtask::ValueError);
}

class DataFrameToHdf5 : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("dtask_frame_hdf5_" + std::to_string(::getpid()));
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }
  fs::path directory_;
};

TEST_F(DataFrameToHdf5, WritesNumericColumnsAndNaNForMissingValues) {
  const Table t = dd::testing::numbers_table(37);
  const std::string path = (directory_ / "frame.h5").string();
  for (std::int64_t np : dd::testing::partitionings(t.rows())) {
    dd::from_table(t, np).to_hdf5(path, "/data");
    for (const std::string column : {"id", "x", "flag", "k", "y", "b"}) {
      const auto info = dtask::io::describe_hdf5(path, "/data/" + column);
      ASSERT_EQ(info.shape, dtask::Shape{37}) << column;
      const Column& c = t.column(column);
      const dtask::DType want = c.has_nulls() || c.type() == ColumnType::float64
                                    ? dtask::DType::float64
                                : c.type() == ColumnType::int64 ? dtask::DType::int64
                                                                : dtask::DType::bool_;
      ASSERT_EQ(info.dtype, want) << column;
      const Eigen::VectorXd got =
          dtask::io::read_hdf5_block(path, "/data/" + column, {0}, {37}).to_vector<double>();
      for (std::size_t r = 0; r < t.rows(); ++r) {
        const bool missing = !c.is_valid(r) || std::isnan(c.number_at(r));
        if (missing)
          EXPECT_TRUE(std::isnan(got[static_cast<Eigen::Index>(r)])) << column << r;
        else
          EXPECT_EQ(got[static_cast<Eigen::Index>(r)], c.number_at(r)) << column << r;
      }
    }
    EXPECT_THROW(dtask::io::describe_hdf5(path, "/data/name"),
                 dtask::IoError);  // strings are skipped
    dtask::io::close_cached_hdf5_files();
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(directory_), fs::directory_iterator()), 1);
}

TEST_F(DataFrameToHdf5, WritesEmptyDatasetsForAFrameWithoutRows) {
  const std::string path = (directory_ / "empty.h5").string();
  dd::from_table(dd::testing::numbers_table(0), 3).to_hdf5(path);
  const auto info = dtask::io::describe_hdf5(path, "/k");
  EXPECT_EQ(info.shape, dtask::Shape{0});
  EXPECT_EQ(info.dtype, dtask::DType::int64);
  dtask::io::close_cached_hdf5_files();
}

TEST_F(DataFrameToHdf5, LeavesNoFileWhenAPartitionFails) {
  const dd::DataFrame f = dd::from_table(dd::testing::numbers_table(30), 3);
  const std::string path = (directory_ / "failed.h5").string();
  EXPECT_THROW(f.assign("bad", f["y"].astype(ColumnType::int64)).to_hdf5(path), dtask::Error);
  EXPECT_TRUE(fs::is_empty(directory_));
  EXPECT_THROW(f.to_hdf5((directory_ / "missing" / "x.h5").string()), dtask::IoError);
  EXPECT_THROW(f[std::vector<std::string>{"name"}].to_hdf5(path), dtask::ValueError);
}

}  // namespace
