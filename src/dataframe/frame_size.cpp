// head and len: the first rows, computing only the partitions they need, and the row count as a
// tree sum of per-partition counts.
#include <numeric>

#include <dtask/dataframe/series.hpp>

#include "partition_tree.hpp"

namespace dtask::dataframe {

namespace {

std::int64_t partition_rows(const Table& table) { return static_cast<std::int64_t>(table.rows()); }
std::int64_t sum_rows(const std::vector<std::int64_t>& counts) {
  return std::accumulate(counts.begin(), counts.end(), std::int64_t{0});
}

const Function& rows_function = register_function("dataframe.partition_rows", &partition_rows);
const Function& sum_function = register_function("dataframe.sum_rows", &sum_rows);

}  // namespace

Table DataFrame::head(std::size_t n) const {
  if (n == 0) return Table(meta_);
  // Dask's head reads partition 0 only and warns when it is short; this one goes on, asking
  // for twice as many partitions each round (in parallel) until it has n rows or none are left.
  sched::Scheduler& scheduler = sched::default_scheduler();
  std::vector<Value> parts;
  std::size_t rows = 0;
  std::int64_t next = 0, batch = 1;
  while (rows < n && next < npartitions_) {
    std::vector<Key> wanted;
    for (std::int64_t i = next; i < std::min(npartitions_, next + batch); ++i)
      wanted.push_back(key(i));
    for (Value& v : scheduler.get(graph_, wanted)) {
      rows += v.get<Table>().rows();
      parts.push_back(std::move(v));
    }
    next += batch;
    batch *= 2;
  }
  std::vector<const Table*> tables;
  for (const Value& v : parts) tables.push_back(&v.get<Table>());
  return Table::concat(tables).head(n);
}

std::int64_t DataFrame::len() const {
  const detail::TreeTop top = detail::partition_tree("len", *this, rows_function, {}, sum_function);
  return sched::default_scheduler()
      .get(top.graph, std::span<const Key>(&top.key, 1))
      .front()
      .get<std::int64_t>();
}

}  // namespace dtask::dataframe
