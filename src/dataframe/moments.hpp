// Moments: what a reduction keeps of one partition of a numeric column (count, sum, mean, sum
// of squared deviations, min, max), and how two of them combine (Chan, Golub and LeVeque's
// parallel update for the mean and M2), so that var and std are as accurate as a two-pass
// computation and the same bits come out on any number of ranks. Private to src/dataframe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include <dtask/core/column.hpp>

namespace dtask::dataframe::detail {

struct Moments {
  std::int64_t count = 0;  // valid values (NaN is not one, as pandas skips it)
  double sum = 0;
  double mean = 0;
  double m2 = 0;  // sum of squared deviations from mean
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& count& sum& mean& m2& min& max;
  }
};

// The moments of an int64, float64 or bool column; m2 only with second_order (a second pass).
Moments column_moments(const Column& c, bool second_order);

// The parts folded left to right, in their order.
Moments combine(std::span<const Moments> parts);

// What a tree of combine() over groups of split_every consecutive parts gives (the order the
// graphs of partition_tree.hpp combine in), for steps that hold every part at once.
Moments combine_in_tree_order(std::vector<Moments> parts, std::size_t split_every);

// The statistics pandas gives for the moments: NaN where there are too few values.
double mean_of(const Moments& m);
double var_of(const Moments& m, int ddof);
double min_of(const Moments& m);
double max_of(const Moments& m);

}  // namespace dtask::dataframe::detail
