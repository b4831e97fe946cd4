// What every Series operation shares (private to src/dataframe): a Series partition is a table
// of index columns then one value column; a new Series is a layer of one task per partition.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <dtask/core/table.hpp>
#include <dtask/dataframe/series.hpp>

namespace dtask::dataframe::detail {

// The value column of a Series partition (its last column).
inline const Column& value_column(const Table& series) { return series.column(series.width() - 1); }

// A Series partition: the index columns of `indexed` (a Series or frame partition), then values.
Table with_values(const Table& indexed, std::string name, Column values);

// The schema of a Series with the index columns of `indexed` and one value column.
Schema series_schema(const Schema& indexed, const std::string& name, ColumnType type);

// A new Series of one task per partition, reading the given Series or frames.
Series series_layer(const std::string& prefix, Schema meta, std::int64_t npartitions,
                    const std::vector<DataFrame>& inputs,
                    const std::function<Task(std::int64_t partition)>& task_for);

// Both operands of a row-wise operation must be cut the same way: dtask does not align on the
// index as Dask does (that would need known divisions), so it asks for the same partitioning.
void check_same_partitioning(const DataFrame& a, const DataFrame& b, const std::string& what);

// At run time, the partitions of both operands must have the same rows.
void check_same_rows(const Table& a, const Table& b, const std::string& what);

}  // namespace dtask::dataframe::detail
