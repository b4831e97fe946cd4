#include "groupby_states.hpp"

#include <cmath>
#include <string>
#include <type_traits>

namespace dtask::dataframe {

namespace {

// Calls f(group, row) for every row of a group whose value is present.
template <class F>
void for_each_present(const Column& values, std::span<const std::uint32_t> group_of_row, F&& f) {
  const bool nulls = values.has_nulls();
  const double* floats = values.type() == ColumnType::float64 ? values.float64s().data() : nullptr;
  for (std::size_t r = 0; r < group_of_row.size(); ++r) {
    const std::uint32_t g = group_of_row[r];
    if (g == no_group || (nulls && !values.is_valid(r)) || (floats && std::isnan(floats[r]))) continue;
    f(g, r);
  }
}

// Calls f(get) with get(row) reading an int64 or bool column as int64s, a float64 one as doubles
// (sums of integers stay exact; means and variances convert each value to double).
template <class F>
void with_values(const Column& c, F&& f) {
  switch (c.type()) {
    case ColumnType::int64: {
      const std::int64_t* v = c.int64s().data();
      return f([v](std::size_t r) { return v[r]; });
    }
    case ColumnType::boolean: {
      const std::uint8_t* v = c.bools().data();
      return f([v](std::size_t r) { return static_cast<std::int64_t>(v[r]); });
    }
    case ColumnType::float64: {
      const double* v = c.float64s().data();
      return f([v](std::size_t r) { return v[r]; });
    }
    case ColumnType::string: break;
  }
  DTASK_THROW(TypeError, "a string column has no numeric aggregation");
}

// [n, mean, m2] in two passes: the sum of squared deviations from each group's mean.
std::vector<Column> variance_states(const Column& values, const RowGroups& groups) {
  std::vector<std::int64_t> counts(groups.size(), 0);
  std::vector<double> means(groups.size(), 0.0), m2(groups.size(), 0.0);
  with_values(values, [&](auto get) {
    for_each_present(values, groups.group_of_row, [&](std::uint32_t g, std::size_t r) {
      ++counts[g];
      means[g] += get(r);
    });
    for (std::size_t g = 0; g < means.size(); ++g) {
      if (counts[g] > 0) means[g] /= static_cast<double>(counts[g]);
    }
    for_each_present(values, groups.group_of_row, [&](std::uint32_t g, std::size_t r) {
      const double d = get(r) - means[g];
      m2[g] += d * d;
    });
  });
  std::vector<Column> out;
  out.push_back(Column::of(std::move(counts)));
  out.push_back(Column::of(std::move(means)));
  out.push_back(Column::of(std::move(m2)));
  return out;
}

// Chan et al.'s parallel merge of [n, mean, m2] rows into their groups, in row order.
std::vector<Column> merged_variance_states(const std::vector<const Column*>& states, const RowGroups& groups) {
  std::vector<std::int64_t> counts(groups.size(), 0);
  std::vector<double> means(groups.size(), 0.0), m2(groups.size(), 0.0);
  const std::int64_t* nb = states[0]->int64s().data();
  const double* mean_b = states[1]->float64s().data();
  const double* m2_b = states[2]->float64s().data();
  for (std::size_t r = 0; r < groups.group_of_row.size(); ++r) {
    const std::uint32_t g = groups.group_of_row[r];
    if (nb[r] == 0) continue;
    const auto na = static_cast<double>(counts[g]), n_b = static_cast<double>(nb[r]);
    const double n = na + n_b;
    const double delta = mean_b[r] - means[g];
    means[g] += delta * n_b / n;
    m2[g] += m2_b[r] + delta * delta * na * n_b / n;
    counts[g] += nb[r];
  }
  std::vector<Column> out;
  out.push_back(Column::of(std::move(counts)));
  out.push_back(Column::of(std::move(means)));
  out.push_back(Column::of(std::move(m2)));
  return out;
}

// Rows of values at rows (-1: missing).
Column gather(const Column& values, const std::vector<std::int64_t>& rows) {
  Column out(values.type());
  out.reserve(rows.size());
  for (std::int64_t r : rows) {
    if (r < 0) out.append_null();
    else out.append_from(values, static_cast<std::size_t>(r));
  }
  return out;
}

// The row of a string column each group keeps: its first or last present one, or its least or
// greatest value (the first of equals). Numbers keep values in place (StateAccumulator).
Column picked_strings_by_group(Agg agg, const Column& values, const RowGroups& groups) {
  std::vector<std::int64_t> best(groups.size(), -1);
  for_each_present(values, groups.group_of_row, [&](std::uint32_t g, std::size_t r) {
    if (best[g] < 0 || agg == Agg::last) {
      best[g] = static_cast<std::int64_t>(r);
      return;
    }
    const std::string_view kept = values.string_at(static_cast<std::size_t>(best[g])), value = values.string_at(r);
    if ((agg == Agg::min && value < kept) || (agg == Agg::max && kept < value)) best[g] = static_cast<std::int64_t>(r);
  });
  return gather(values, best);
}

bool is_numeric(ColumnType t) { return t != ColumnType::string; }

}  // namespace

ColumnType aggregated_type(Agg agg, ColumnType input) {
  switch (agg) {
    case Agg::count:
    case Agg::size:
    case Agg::nunique: return ColumnType::int64;
    case Agg::min:
    case Agg::max:
    case Agg::first:
    case Agg::last: return input;
    case Agg::sum:
    case Agg::mean:
    case Agg::var:
    case Agg::std:
      if (!is_numeric(input)) DTASK_THROW(TypeError, "a string column has no numeric aggregation");
      if (agg == Agg::sum) return input == ColumnType::float64 ? ColumnType::float64 : ColumnType::int64;
      return ColumnType::float64;
  }
  return input;
}

std::size_t state_width(Agg agg) {
  switch (agg) {
    case Agg::nunique: return 0;
    case Agg::mean: return 2;
    case Agg::var:
    case Agg::std: return 3;
    default: return 1;
  }
}

bool StateAccumulator::supports(Agg agg, ColumnType input) noexcept {
  switch (agg) {
    case Agg::var:
    case Agg::std:
    case Agg::nunique: return false;
    default: return input != ColumnType::string || agg == Agg::count || agg == Agg::size;
  }
}

StateAccumulator::StateAccumulator(Agg agg, ColumnType input) : agg_(agg), input_(input) {
  if (!supports(agg, input)) {
    DTASK_THROW(TypeError, "groupby " + std::string(aggregation_name(agg)) + " of a " + std::string(to_string(input)) +
                               " column is not accumulated in place");
  }
}

void StateAccumulator::add(const Column* values, std::span<const std::uint32_t> group_of_row, std::size_t groups) {
  grow(groups);
  // Raw pointers: through the vectors, each store could alias their own storage pointers.
  std::int64_t* counts = counts_.data();
  double* reals = reals_.data();
  if (agg_ == Agg::size) {
    for (std::uint32_t g : group_of_row) {
      if (g != no_group) ++counts[g];
    }
    return;
  }
  if (agg_ == Agg::count) {
    for_each_present(*values, group_of_row, [&](std::uint32_t g, std::size_t) { ++counts[g]; });
    return;
  }
  if (agg_ == Agg::mean) {
    with_values(*values, [&](auto get) {
      for_each_present(*values, group_of_row, [&](std::uint32_t g, std::size_t r) {
        ++counts[g];
        reals[g] += get(r);
      });
    });
    return;
  }
  // sum, min, max, first, last: int64s for int64 and bool columns (sums as pandas), else doubles.
  with_values(*values, [&](auto get) {
    using V = decltype(get(0));
    V* kept = [&] {
      if constexpr (std::is_same_v<V, double>) return reals;
      else return integers_.data();
    }();
    if (agg_ == Agg::sum) {
      for_each_present(*values, group_of_row, [&](std::uint32_t g, std::size_t r) { kept[g] += get(r); });
      return;
    }
    std::uint8_t* present = present_.data();
    for_each_present(*values, group_of_row, [&](std::uint32_t g, std::size_t r) {
      const V v = get(r);
      // The first of equal values stays (min of 0.0 and -0.0 is the one seen first, as pandas).
      const bool take = !present[g] || agg_ == Agg::last || (agg_ == Agg::min && v < kept[g]) ||
                        (agg_ == Agg::max && kept[g] < v);
      if (take) kept[g] = v;
      present[g] = 1;
    });
  });
}

void StateAccumulator::grow(std::size_t groups) {
  if (groups <= groups_) return;
  groups_ = groups;
  const bool reals = input_ == ColumnType::float64 || agg_ == Agg::mean;
  if (agg_ == Agg::count || agg_ == Agg::size || agg_ == Agg::mean) counts_.resize(groups, 0);
  if (agg_ == Agg::mean || (agg_ != Agg::count && agg_ != Agg::size)) {
    if (reals) reals_.resize(groups, 0.0);
    else integers_.resize(groups, 0);
  }
  if (agg_ == Agg::min || agg_ == Agg::max || agg_ == Agg::first || agg_ == Agg::last) present_.resize(groups, 0);
}

std::vector<Column> StateAccumulator::take(std::size_t groups) {
  grow(groups);
  std::vector<Column> out;
  if (agg_ == Agg::count || agg_ == Agg::size || agg_ == Agg::mean) out.push_back(Column::of(std::move(counts_)));
  if (agg_ == Agg::count || agg_ == Agg::size) return out;
  if (agg_ == Agg::mean || input_ == ColumnType::float64) {
    out.push_back(Column::of(std::move(reals_)));
  } else if (input_ == ColumnType::boolean && agg_ != Agg::sum) {
    out.push_back(Column::of_bools(std::vector<std::uint8_t>(integers_.begin(), integers_.end())));
  } else {
    out.push_back(Column::of(std::move(integers_)));
  }
  if (!present_.empty()) out.back().set_validity(std::move(present_));
  *this = StateAccumulator(agg_, input_);
  return out;
}

std::vector<Column> partial_states(Agg agg, const Column* values, const RowGroups& groups) {
  if (agg == Agg::var || agg == Agg::std) return variance_states(*values, groups);
  if (agg == Agg::nunique) return {};
  if (values && !StateAccumulator::supports(agg, values->type())) return {picked_strings_by_group(agg, *values, groups)};
  StateAccumulator states(agg, values ? values->type() : ColumnType::int64);
  states.add(values, groups.group_of_row, groups.size());
  return states.take(groups.size());
}

std::vector<Column> combined_states(Agg agg, const std::vector<const Column*>& states, const RowGroups& groups) {
  switch (agg) {
    case Agg::var:
    case Agg::std: return merged_variance_states(states, groups);
    case Agg::min:
    case Agg::max:
    case Agg::first:
    case Agg::last: return partial_states(agg, states[0], groups);
    default: break;
  }
  // sum, count, size, mean: every state column sums.
  std::vector<Column> out;
  for (const Column* s : states) out.push_back(partial_states(Agg::sum, s, groups).front());
  return out;
}

Column finalized_states(Agg agg, const std::vector<const Column*>& states, std::int64_t ddof) {
  if (agg != Agg::mean && agg != Agg::var && agg != Agg::std) return *states[0];
  const std::span<const std::int64_t> counts = states[0]->int64s();
  std::vector<double> out(counts.size(), 0.0);
  std::vector<std::uint8_t> valid(counts.size(), 1);
  for (std::size_t g = 0; g < counts.size(); ++g) {
    if (agg == Agg::mean) {
      valid[g] = counts[g] > 0;
      if (valid[g]) out[g] = states[1]->float64s()[g] / static_cast<double>(counts[g]);
    } else {
      valid[g] = counts[g] - ddof > 0;
      if (valid[g]) out[g] = states[2]->float64s()[g] / static_cast<double>(counts[g] - ddof);
      if (agg == Agg::std) out[g] = std::sqrt(out[g]);
    }
  }
  Column column = Column::of(std::move(out));
  column.set_validity(std::move(valid));
  return column;
}

}  // namespace dtask::dataframe
