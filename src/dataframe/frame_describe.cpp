// describe(): count, mean, std, min, 25%, 50%, 75% and max of every int64 and float64 column,
// as pandas' describe, in a lazy one-partition frame. Each partition gives the moments and a
// quantile summary of every such column; one task combines them: the moments in the order of
// Series' reduction trees (so mean and std have the bits of Series::mean and Series::std), the
// quantiles from the merged summaries (exact for partitions of at most 1001 values, otherwise
// within the rank bound of quantile_summary.hpp).
#include <cmath>

#include <dtask/core/function.hpp>
#include <dtask/dataframe/series.hpp>

#include "moments.hpp"
#include "partition_tree.hpp"
#include "quantile_summary.hpp"

namespace dtask::dataframe {

namespace {

using detail::Moments;
using detail::QuantileSummary;

struct DescribePart {
  std::vector<Moments> moments;            // one per described column
  std::vector<QuantileSummary> summaries;  // one per described column

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& moments& summaries;
  }
};

}  // namespace
}  // namespace dtask::dataframe

template <>
struct dtask::SizeOf<dtask::dataframe::DescribePart> {
  static std::size_t of(const dtask::dataframe::DescribePart& p) {
    return sizeof(p) + SizeOf<std::vector<dtask::dataframe::detail::Moments>>::of(p.moments) +
           SizeOf<std::vector<dtask::dataframe::detail::QuantileSummary>>::of(p.summaries);
  }
};

namespace dtask::dataframe {

namespace {

const std::vector<std::string> statistics = {"count", "mean", "std", "min",
                                             "25%",   "50%",  "75%", "max"};

DescribePart describe_partition(const Table& table, const std::vector<std::string>& columns) {
  DescribePart part;
  for (const std::string& name : columns) {
    const Column& c = table.column(name);
    part.moments.push_back(detail::column_moments(c, true));
    part.summaries.push_back(detail::summarize(c));
  }
  return part;
}

Table describe_combine(const std::vector<DescribePart>& parts,
                       const std::vector<std::string>& columns) {
  Table out;
  out.add_column("", Column::of(statistics));
  for (std::size_t c = 0; c < columns.size(); ++c) {
    std::vector<Moments> moments;
    std::vector<QuantileSummary> summaries;
    for (const DescribePart& p : parts) {
      moments.push_back(p.moments[c]);
      summaries.push_back(p.summaries[c]);
    }
    const Moments m = detail::combine_in_tree_order(std::move(moments), detail::split_every);
    out.add_column(
        columns[c],
        Column::of(std::vector<double>{
            static_cast<double>(m.count), detail::mean_of(m), std::sqrt(detail::var_of(m, 1)),
            detail::min_of(m), detail::quantile(summaries, 0.25), detail::quantile(summaries, 0.5),
            detail::quantile(summaries, 0.75), detail::max_of(m)}));
  }
  out.set_index_width(1);
  return out;
}

const Function& partition_function =
    register_function("dataframe.describe_partition", &describe_partition);
const Function& combine_function =
    register_function("dataframe.describe_combine", &describe_combine);

}  // namespace

DataFrame DataFrame::describe() const {
  std::vector<std::string> numeric;
  for (const auto& [name, type] : dtypes()) {
    if (type == ColumnType::int64 || type == ColumnType::float64) numeric.push_back(name);
  }
  if (numeric.empty())
    DTASK_THROW(ValueError, "describe() needs an int64 or float64 column; this frame has none");

  const std::string parts_name = unique_name("describe-partial");
  Layer::Tasks parts;
  KeyList part_keys;
  for (std::int64_t i = 0; i < npartitions_; ++i) {
    part_keys.emplace_back(parts_name, Key::Index{static_cast<std::int32_t>(i)});
    parts.emplace_back(part_keys.back(), Task(partition_function, {key(i), Value(numeric)}));
  }
  auto parts_layer = std::make_shared<const Layer>(parts_name, std::move(parts), graph_.tops());

  Schema schema;
  schema.names = {""};
  schema.types = {ColumnType::string};
  schema.index_width = 1;
  for (const std::string& name : numeric) {
    schema.names.push_back(name);
    schema.types.push_back(ColumnType::float64);
  }
  std::string name = unique_name("describe");
  Layer::Tasks combine;
  combine.emplace_back(Key(name, {0}),
                       Task(combine_function, {std::move(part_keys), Value(numeric)}));
  auto layer = std::make_shared<const Layer>(name, std::move(combine), LayerPtrs{parts_layer});
  return DataFrame(Graph(std::move(layer)), std::move(name), std::move(schema), 1);
}

}  // namespace dtask::dataframe
