// dtask::dataframe::merge: database-style joins of two lazy frames on key columns, as dd.merge.
// A side of few partitions (MergeOptions::broadcast_partitions) is sent whole to every
// partition of the other; otherwise both sides are hash-shuffled on the keys, the pieces moving
// worker to worker, and partition i of the result joins piece i of each side.
//
//   auto joined = dd::merge(reviews, products, {.on = {"asin"}});
//   auto left = reviews.merge(products, {.how = dd::How::left, .on = {"asin"}});
#pragma once

#include <dtask/dataframe/dataframe.hpp>

namespace dtask::dataframe {

DataFrame merge(const DataFrame& left, const DataFrame& right, const MergeOptions& options);

}  // namespace dtask::dataframe
