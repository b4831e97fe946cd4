// dtask::dataframe::GroupBy: split-apply-combine over key columns, as dask.dataframe's groupby.
// Each partition is aggregated on its own, partial results are combined in a tree of split_every
// inputs per node, and the last combine finishes the aggregation: one output partition, sorted
// by key as pandas sorts it. With split_out > 1, partial results are hash-partitioned on the
// keys into split_out pieces and each piece is combined separately (many groups), giving
// split_out output partitions. A frame read by read_csv (also through a merge) is read with
// only the keys and the aggregated columns, as Dask's projection pushdown.
//
//   auto means = frame.groupby("reviewerID")["overall"].mean();    // index reviewerID
//   auto stats = frame.groupby({"asin", "year"}).agg({{"overall", dd::Agg::mean},
//                                                     {"overall", dd::Agg::count, "n"}});
#pragma once

#include <string>
#include <vector>

#include <dtask/dataframe/dataframe.hpp>

namespace dtask::dataframe {

enum class Agg { sum, mean, count, size, min, max, var, std, first, last, nunique };

// One output column: an aggregation of one input column, named `name` (default: the column's
// name when each column is aggregated once, else column_agg, as "overall_mean").
struct Aggregation {
  std::string column;
  Agg agg;
  std::string name = {};
};

struct GroupByOptions {
  int split_every = 8;  // inputs per combine (Dask's default for dataframes)
  int split_out = 1;    // output partitions
  int ddof = 1;         // var and std
  bool sort = true;     // output sorted by key (with split_out 1)
};

class GroupBy {
 public:
  GroupBy(DataFrame frame, std::vector<std::string> keys, GroupByOptions options = {});

  // Only these value columns (every non-key column when none are selected).
  GroupBy operator[](const std::string& column) const;
  GroupBy operator[](const std::vector<std::string>& columns) const;
  GroupBy with_options(const GroupByOptions& options) const;

  DataFrame sum() const { return agg(Agg::sum); }
  DataFrame mean() const { return agg(Agg::mean); }
  DataFrame count() const { return agg(Agg::count); }
  DataFrame size() const { return agg(Agg::size); }
  DataFrame min() const { return agg(Agg::min); }
  DataFrame max() const { return agg(Agg::max); }
  DataFrame var() const { return agg(Agg::var); }
  DataFrame std() const { return agg(Agg::std); }
  DataFrame first() const { return agg(Agg::first); }
  DataFrame last() const { return agg(Agg::last); }
  DataFrame nunique() const { return agg(Agg::nunique); }
  // One aggregation of every selected column, or several named ones.
  DataFrame agg(Agg agg) const;
  DataFrame agg(const std::vector<Aggregation>& aggregations) const;

  const DataFrame& frame() const noexcept { return frame_; }
  const std::vector<std::string>& keys() const noexcept { return keys_; }
  const GroupByOptions& options() const noexcept { return options_; }

 private:
  DataFrame frame_;
  std::vector<std::string> keys_;
  std::vector<std::string> selected_;
  GroupByOptions options_;
};

}  // namespace dtask::dataframe
