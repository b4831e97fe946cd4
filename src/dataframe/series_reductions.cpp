// sum, mean, min, max, var, std and count of a Series: the moments of each partition, a tree
// of Chan combinations in partition order, one statistic at the end (moments.hpp).
#include <cmath>

#include <dtask/dataframe/series.hpp>

#include "moments.hpp"
#include "partition_tree.hpp"
#include "series_layer.hpp"

namespace dtask::dataframe {

namespace {

using detail::Moments;

enum class Statistic : std::int64_t { sum, mean, min, max, var, std };

Moments partition_moments(const Table& series, bool second_order) {
  return detail::column_moments(detail::value_column(series), second_order);
}

Moments combine_moments(const std::vector<Moments>& parts) { return detail::combine(parts); }

double moments_statistic(const Moments& m, std::int64_t statistic, std::int64_t ddof) {
  switch (static_cast<Statistic>(statistic)) {
    case Statistic::sum:
      return m.sum;
    case Statistic::mean:
      return detail::mean_of(m);
    case Statistic::min:
      return detail::min_of(m);
    case Statistic::max:
      return detail::max_of(m);
    case Statistic::var:
      return detail::var_of(m, static_cast<int>(ddof));
    case Statistic::std:
      return std::sqrt(detail::var_of(m, static_cast<int>(ddof)));
  }
  DTASK_THROW(ValueError, "unknown statistic");
}

std::int64_t moments_count(const Moments& m) { return m.count; }

const Function& partial_function =
    register_function("dataframe.partition_moments", &partition_moments);
const Function& combine_function = register_function("dataframe.combine_moments", &combine_moments);
const Function& statistic_function =
    register_function("dataframe.moments_statistic", &moments_statistic);
const Function& count_function = register_function("dataframe.moments_count", &moments_count);

detail::TreeTop moments_tree(const Series& s, const std::string& prefix, bool second_order) {
  if (s.dtype() == ColumnType::string) {
    DTASK_THROW(TypeError, "cannot reduce the string Series '" + s.name() + "' with " + prefix);
  }
  return detail::partition_tree(prefix, s.frame(), partial_function, {Value(second_order)},
                                combine_function);
}

Delayed<double> statistic(const Series& s, const std::string& prefix, Statistic which,
                          int ddof = 0) {
  const bool second_order = which == Statistic::var || which == Statistic::std;
  if (ddof < 0) DTASK_THROW(ValueError, "ddof must be at least 0, not " + std::to_string(ddof));
  return detail::as_delayed<double>(detail::finish_tree(
      prefix, moments_tree(s, prefix, second_order), statistic_function,
      {Value(static_cast<std::int64_t>(which)), Value(static_cast<std::int64_t>(ddof))}));
}

}  // namespace

Delayed<double> Series::sum() const { return statistic(*this, "sum", Statistic::sum); }
Delayed<double> Series::mean() const { return statistic(*this, "mean", Statistic::mean); }
Delayed<double> Series::min() const { return statistic(*this, "min", Statistic::min); }
Delayed<double> Series::max() const { return statistic(*this, "max", Statistic::max); }
Delayed<double> Series::var(int ddof) const {
  return statistic(*this, "var", Statistic::var, ddof);
}
Delayed<double> Series::std(int ddof) const {
  return statistic(*this, "std", Statistic::std, ddof);
}

Delayed<std::int64_t> Series::count() const {
  return detail::as_delayed<std::int64_t>(
      detail::finish_tree("count", moments_tree(*this, "count", false), count_function, {}));
}

}  // namespace dtask::dataframe
