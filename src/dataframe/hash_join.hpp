// The kernel of merge: a hash join of two tables in memory. A hash table of open addressing is
// built over the keys of one side (its rows grouped by distinct key, in row order), and the
// other side probes it row by row. The output follows the probe side's row order, each probe
// row's matches in the build side's row order; the build side's unmatched rows (outer joins)
// come last. Two missing keys match, as in pandas' merge.
//
//   JoinSpec spec = join_spec(left.schema(), right.schema(), options);  // merge_spec.hpp
//   Table joined = hash_join(left, right, spec, BuildSide::right);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include <dtask/core/table.hpp>
#include <dtask/dataframe/dataframe.hpp>

namespace dtask::dataframe {

// One column of a join's output: from the left table, the right one, or both (a key of the
// same name on both sides: the left row's value, else the right row's).
struct JoinColumn {
  std::string name;
  std::int64_t left = -1;   // position in the left table, -1 for none
  std::int64_t right = -1;  // position in the right table, -1 for none

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& name& left& right;
  }
};

// Everything a join task needs, resolved against the two schemas when the graph is built.
struct JoinSpec {
  How how = How::inner;
  std::vector<std::size_t> left_keys, right_keys;  // positions, pairwise of one type
  std::vector<JoinColumn> columns;                 // of the output, in order

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& how& left_keys& right_keys& columns;
  }
};

enum class BuildSide { left, right, smaller };

// The output rows as pairs of input rows; Column::no_row where a side has no match. A side
// whose rows all come once, in order (a many-to-one join's probe side), is marked whole and its
// vector left empty.
struct JoinRows {
  std::vector<std::uint32_t> left, right;
  bool left_whole = false, right_whole = false;
  std::size_t size(std::size_t left_rows, std::size_t right_rows) const {
    return left_whole ? left_rows : (right_whole ? right_rows : left.size());
  }
};

JoinRows join_rows(const Table& left, const Table& right, const JoinSpec& spec, BuildSide build);
Table hash_join(const Table& left, const Table& right, const JoinSpec& spec, BuildSide build);

}  // namespace dtask::dataframe
