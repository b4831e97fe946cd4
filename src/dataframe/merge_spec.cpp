#include "merge_spec.hpp"

#include <algorithm>

namespace dtask::dataframe {

namespace {

bool is_value_column(const Schema& schema, const std::string& name) {
  const auto it = std::find(schema.names.begin(), schema.names.end(), name);
  return it != schema.names.end() &&
         static_cast<std::size_t>(it - schema.names.begin()) >= schema.index_width;
}

std::string value_columns(const Schema& schema) {
  std::string out;
  for (std::size_t i = schema.index_width; i < schema.size(); ++i)
    out += (out.empty() ? "" : ", ") + schema.names[i];
  return out.empty() ? "(none)" : out;
}

std::size_t key_position(const Schema& schema, const std::string& name, const char* side) {
  if (!schema.contains(name)) {
    DTASK_THROW(ValueError, std::string("merge: the ") + side + " frame has no column '" + name +
                                "'; its columns are: " + value_columns(schema));
  }
  if (!is_value_column(schema, name)) {
    DTASK_THROW(ValueError, std::string("merge: '") + name + "' is an index column of the " + side +
                                " frame; reset_index() makes it a column to merge on");
  }
  return schema.position(name);
}

// pandas' defaults: on, else left_on with right_on, else the value columns both sides have.
void choose_keys(const Schema& left, const Schema& right, const MergeOptions& options,
                 ResolvedMerge& m) {
  if (!options.on.empty()) {
    if (!options.left_on.empty() || !options.right_on.empty()) {
      DTASK_THROW(ValueError, "merge: give either on or left_on with right_on, not both");
    }
    m.left_on = m.right_on = options.on;
  } else if (!options.left_on.empty() || !options.right_on.empty()) {
    if (options.left_on.size() != options.right_on.size()) {
      DTASK_THROW(ValueError, "merge: left_on has " + std::to_string(options.left_on.size()) +
                                  " columns but right_on has " +
                                  std::to_string(options.right_on.size()));
    }
    m.left_on = options.left_on;
    m.right_on = options.right_on;
  } else {
    for (std::size_t i = left.index_width; i < left.size(); ++i) {
      if (is_value_column(right, left.names[i])) m.left_on.push_back(left.names[i]);
    }
    if (m.left_on.empty()) {
      DTASK_THROW(ValueError,
                  "merge: no column in both frames to merge on (left: " + value_columns(left) +
                      "; right: " + value_columns(right) + "); give on or left_on and right_on");
    }
    m.right_on = m.left_on;
  }
}

}  // namespace

ResolvedMerge resolve_merge(const Schema& left, const Schema& right, const MergeOptions& options) {
  ResolvedMerge m;
  choose_keys(left, right, options, m);
  m.spec.how = options.how;
  std::vector<std::string> shared_keys;  // keys of one name on both sides: one output column
  for (std::size_t k = 0; k < m.left_on.size(); ++k) {
    const std::size_t l = key_position(left, m.left_on[k], "left");
    const std::size_t r = key_position(right, m.right_on[k], "right");
    if (left.types[l] != right.types[r]) {
      const std::string lt(to_string(left.types[l])), rt(to_string(right.types[r]));
      DTASK_THROW(ValueError, "merge: key '" + m.left_on[k] + "' of the left is " + lt +
                                  " but key '" + m.right_on[k] + "' of the right is " + rt +
                                  "; convert one first, e.g. right.assign(\"" + m.right_on[k] +
                                  "\", right[\"" + m.right_on[k] + "\"].astype(" + lt + "))");
    }
    m.spec.left_keys.push_back(l);
    m.spec.right_keys.push_back(r);
    if (m.left_on[k] == m.right_on[k]) shared_keys.push_back(m.left_on[k]);
  }
  const auto is_shared = [&](const std::string& name) {
    return std::find(shared_keys.begin(), shared_keys.end(), name) != shared_keys.end();
  };
  const auto add = [&](std::string name, ColumnType type, std::int64_t l, std::int64_t r) {
    m.schema.names.push_back(name);
    m.schema.types.push_back(type);
    m.spec.columns.push_back(JoinColumn{std::move(name), l, r});
  };
  for (std::size_t i = left.index_width; i < left.size(); ++i) {
    const std::string& name = left.names[i];
    if (is_shared(name)) {
      add(name, left.types[i], static_cast<std::int64_t>(i),
          static_cast<std::int64_t>(right.position(name)));
    } else {
      add(is_value_column(right, name) ? name + options.suffixes.first : name, left.types[i],
          static_cast<std::int64_t>(i), -1);
    }
  }
  for (std::size_t i = right.index_width; i < right.size(); ++i) {
    const std::string& name = right.names[i];
    if (is_shared(name)) continue;
    add(is_value_column(left, name) ? name + options.suffixes.second : name, right.types[i], -1,
        static_cast<std::int64_t>(i));
  }
  for (std::size_t i = 0; i < m.schema.size(); ++i) {
    if (std::count(m.schema.names.begin(), m.schema.names.end(), m.schema.names[i]) > 1) {
      DTASK_THROW(ValueError, "merge: the output would have two columns '" + m.schema.names[i] +
                                  "'; choose other suffixes");
    }
  }
  return m;
}

}  // namespace dtask::dataframe
