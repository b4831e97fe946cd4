#include "groupby_states.hpp"

#include <cmath>
#include <string>

namespace dtask::dataframe {

namespace {

// Calls f(group, row) for every row of a group whose value is present.
template <class F>
void for_each_present(const Column& values, const RowGroups& groups, F&& f) {
  const std::uint32_t* group_of = groups.group_of_row.data();
  const std::size_t rows = groups.group_of_row.size();
  const bool nulls = values.has_nulls();
  const double* floats = values.type() == ColumnType::float64 ? values.float64s().data() : nullptr;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint32_t g = group_of[r];
    if (g == no_group || (nulls && !values.is_valid(r)) || (floats && std::isnan(floats[r]))) continue;
    f(g, r);
  }
}

// Calls f(get) with get(row) reading the column as doubles (int64, float64, bool).
template <class F>
decltype(auto) with_numbers(const Column& c, F&& f) {
  switch (c.type()) {
    case ColumnType::int64: {
      const std::int64_t* v = c.int64s().data();
      return f([v](std::size_t r) { return static_cast<double>(v[r]); });
    }
    case ColumnType::boolean: {
      const std::uint8_t* v = c.bools().data();
      return f([v](std::size_t r) { return static_cast<double>(v[r]); });
    }
    case ColumnType::float64: {
      const double* v = c.float64s().data();
      return f([v](std::size_t r) { return v[r]; });
    }
    case ColumnType::string: break;
  }
  DTASK_THROW(TypeError, "a string column has no numeric aggregation");
}

// Sums of present values: int64 for int64 and bool columns (as pandas), else float64.
Column sum_by_group(const Column& values, const RowGroups& groups) {
  if (values.type() == ColumnType::float64) {
    std::vector<double> sums(groups.size(), 0.0);
    const double* v = values.float64s().data();
    for_each_present(values, groups, [&](std::uint32_t g, std::size_t r) { sums[g] += v[r]; });
    return Column::of(std::move(sums));
  }
  std::vector<std::int64_t> sums(groups.size(), 0);
  if (values.type() == ColumnType::int64) {
    const std::int64_t* v = values.int64s().data();
    for_each_present(values, groups, [&](std::uint32_t g, std::size_t r) { sums[g] += v[r]; });
  } else {
    const std::uint8_t* v = values.bools().data();
    for_each_present(values, groups, [&](std::uint32_t g, std::size_t r) { sums[g] += v[r]; });
  }
  return Column::of(std::move(sums));
}

Column count_by_group(const Column* values, const RowGroups& groups) {
  std::vector<std::int64_t> counts(groups.size(), 0);
  if (values) {
    for_each_present(*values, groups, [&](std::uint32_t g, std::size_t) { ++counts[g]; });
  } else {
    for (std::uint32_t g : groups.group_of_row) {
      if (g != no_group) ++counts[g];
    }
  }
  return Column::of(std::move(counts));
}

// [n, sum] as doubles.
std::vector<Column> mean_states(const Column& values, const RowGroups& groups) {
  std::vector<std::int64_t> counts(groups.size(), 0);
  std::vector<double> sums(groups.size(), 0.0);
  with_numbers(values, [&](auto get) {
    for_each_present(values, groups, [&](std::uint32_t g, std::size_t r) {
      ++counts[g];
      sums[g] += get(r);
    });
  });
  std::vector<Column> out;
  out.push_back(Column::of(std::move(counts)));
  out.push_back(Column::of(std::move(sums)));
  return out;
}

// [n, mean, m2] in two passes: the sum of squared deviations from each group's mean.
std::vector<Column> variance_states(const Column& values, const RowGroups& groups) {
  std::vector<std::int64_t> counts(groups.size(), 0);
  std::vector<double> means(groups.size(), 0.0), m2(groups.size(), 0.0);
  with_numbers(values, [&](auto get) {
    for_each_present(values, groups, [&](std::uint32_t g, std::size_t r) {
      ++counts[g];
      means[g] += get(r);
    });
    for (std::size_t g = 0; g < means.size(); ++g) {
      if (counts[g] > 0) means[g] /= static_cast<double>(counts[g]);
    }
    for_each_present(values, groups, [&](std::uint32_t g, std::size_t r) {
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

// The row each group keeps: first or last present one, or the least or greatest value.
Column picked_by_group(Agg agg, const Column& values, const RowGroups& groups) {
  std::vector<std::int64_t> best(groups.size(), -1);
  auto pick = [&](auto better) {
    for_each_present(values, groups, [&](std::uint32_t g, std::size_t r) {
      if (best[g] < 0 || better(r, static_cast<std::size_t>(best[g]))) best[g] = static_cast<std::int64_t>(r);
    });
  };
  auto by_order = [&](auto less) {
    if (agg == Agg::min) pick([&](std::size_t a, std::size_t b) { return less(a, b); });
    else pick([&](std::size_t a, std::size_t b) { return less(b, a); });
  };
  if (agg == Agg::first) {
    pick([](std::size_t, std::size_t) { return false; });
  } else if (agg == Agg::last) {
    pick([](std::size_t, std::size_t) { return true; });
  } else if (values.type() == ColumnType::string) {
    by_order([&](std::size_t a, std::size_t b) { return values.string_at(a) < values.string_at(b); });
  } else {
    with_numbers(values, [&](auto get) { by_order([&](std::size_t a, std::size_t b) { return get(a) < get(b); }); });
  }
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

std::vector<Column> partial_states(Agg agg, const Column* values, const RowGroups& groups) {
  std::vector<Column> out;
  switch (agg) {
    case Agg::sum: out.push_back(sum_by_group(*values, groups)); break;
    case Agg::count: out.push_back(count_by_group(values, groups)); break;
    case Agg::size: out.push_back(count_by_group(nullptr, groups)); break;
    case Agg::mean: return mean_states(*values, groups);
    case Agg::var:
    case Agg::std: return variance_states(*values, groups);
    case Agg::min:
    case Agg::max:
    case Agg::first:
    case Agg::last: out.push_back(picked_by_group(agg, *values, groups)); break;
    case Agg::nunique: break;
  }
  return out;
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
  for (const Column* s : states) out.push_back(sum_by_group(*s, groups));
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
