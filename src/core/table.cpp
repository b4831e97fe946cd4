#include <dtask/core/table.hpp>

#include <algorithm>
#include <ostream>
#include <sstream>

namespace dtask {

namespace {

[[noreturn]] void throw_unknown_column(std::string_view name, const std::vector<std::string>& names) {
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  DTASK_THROW(ValueError, "no column '" + std::string(name) + "'; the columns are: " +
                              (known.empty() ? "(none)" : known));
}

std::size_t find_position(std::string_view name, const std::vector<std::string>& names) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) throw_unknown_column(name, names);
  return static_cast<std::size_t>(it - names.begin());
}

}  // namespace

std::size_t Schema::position(std::string_view name) const { return find_position(name, names); }

bool Schema::contains(std::string_view name) const noexcept {
  return std::find(names.begin(), names.end(), name) != names.end();
}

Table::Table(const Schema& schema) : index_width_(schema.index_width) {
  for (std::size_t i = 0; i < schema.size(); ++i) add_column(schema.names[i], Column(schema.types[i]));
}

std::size_t Table::nbytes() const noexcept {
  std::size_t n = sizeof(Table);
  for (std::size_t i = 0; i < columns_.size(); ++i) n += names_[i].size() + columns_[i]->nbytes();
  return n;
}

Schema Table::schema() const {
  Schema s;
  s.names = names_;
  for (const auto& c : columns_) s.types.push_back(c->type());
  s.index_width = index_width_;
  return s;
}

std::size_t Table::position(std::string_view name) const { return find_position(name, names_); }

bool Table::contains(std::string_view name) const noexcept {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

void Table::add_column(std::string name, Column column) {
  add_column(std::move(name), std::make_shared<const Column>(std::move(column)));
}

void Table::add_column(std::string name, std::shared_ptr<const Column> column) {
  if (contains(name)) DTASK_THROW(ValueError, "the table already has a column '" + name + "'");
  if (!columns_.empty() && column->size() != rows_) {
    DTASK_THROW(ValueError, "column '" + name + "' has " + std::to_string(column->size()) +
                                " rows; the table has " + std::to_string(rows_));
  }
  rows_ = column->size();
  names_.push_back(std::move(name));
  columns_.push_back(std::move(column));
}

void Table::set_column(std::string name, Column column) {
  set_column(std::move(name), std::make_shared<const Column>(std::move(column)));
}

void Table::set_column(std::string name, std::shared_ptr<const Column> column) {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) {
    add_column(std::move(name), std::move(column));
    return;
  }
  if (column->size() != rows_ && columns_.size() > 1) {
    DTASK_THROW(ValueError, "column '" + name + "' has " + std::to_string(column->size()) +
                                " rows; the table has " + std::to_string(rows_));
  }
  rows_ = column->size();
  columns_[static_cast<std::size_t>(it - names_.begin())] = std::move(column);
}

void Table::set_index_width(std::size_t n) {
  if (n > columns_.size()) {
    DTASK_THROW(ValueError, "an index of " + std::to_string(n) + " columns in a table of " +
                                std::to_string(columns_.size()));
  }
  index_width_ = n;
}

Table Table::take(std::span<const std::uint32_t> rows) const {
  Table out;
  for (std::size_t i = 0; i < columns_.size(); ++i) out.add_column(names_[i], columns_[i]->take(rows));
  out.index_width_ = index_width_;
  out.rows_ = rows.size();
  return out;
}

Table Table::filter(std::span<const std::uint8_t> keep) const {
  if (keep.size() != rows_) {
    DTASK_THROW(ValueError, "a filter of " + std::to_string(keep.size()) + " rows for a table of " +
                                std::to_string(rows_));
  }
  std::vector<std::uint32_t> rows;
  rows.reserve(rows_);
  for (std::size_t i = 0; i < rows_; ++i) {
    if (keep[i]) rows.push_back(static_cast<std::uint32_t>(i));
  }
  return take(rows);
}

Table Table::slice(std::size_t begin, std::size_t end) const {
  Table out;
  for (std::size_t i = 0; i < columns_.size(); ++i) out.add_column(names_[i], columns_[i]->slice(begin, end));
  out.index_width_ = index_width_;
  out.rows_ = std::min(end, rows_) - std::min(begin, std::min(end, rows_));
  return out;
}

Table Table::select(std::span<const std::string> names) const {
  Table out;
  for (std::size_t i = 0; i < index_width_; ++i) out.add_column(names_[i], columns_[i]);
  for (const std::string& name : names) {
    const std::size_t p = position(name);
    if (p >= index_width_) out.add_column(name, columns_[p]);
  }
  out.index_width_ = index_width_;
  out.rows_ = rows_;
  return out;
}

Table Table::concat(std::span<const Table* const> parts) {
  if (parts.empty()) return Table();
  const Table& first = *parts.front();
  Table out;
  std::vector<const Column*> pieces(parts.size());
  for (std::size_t c = 0; c < first.width(); ++c) {
    for (std::size_t p = 0; p < parts.size(); ++p) {
      if (parts[p]->width() != first.width() || parts[p]->names_[c] != first.names_[c] ||
          parts[p]->columns_[c]->type() != first.columns_[c]->type()) {
        DTASK_THROW(ValueError, "cannot concatenate tables of different columns ('" +
                                    first.names_[c] + "' differs)");
      }
      pieces[p] = parts[p]->columns_[c].get();
    }
    out.add_column(first.names_[c], Column::concat(pieces));
  }
  out.index_width_ = first.index_width_;
  std::size_t rows = 0;
  for (const Table* p : parts) rows += p->rows_;
  out.rows_ = rows;
  return out;
}

std::string Table::to_string(std::size_t max_rows) const {
  // Rows shown: all, or the first and last halves of max_rows.
  std::vector<std::size_t> shown;
  const bool cut = rows_ > max_rows;
  const std::size_t head = cut ? (max_rows + 1) / 2 : rows_;
  for (std::size_t r = 0; r < head; ++r) shown.push_back(r);
  if (cut) {
    for (std::size_t r = rows_ - max_rows / 2; r < rows_; ++r) shown.push_back(r);
  }
  // Cells as text, column by column; a RangeIndex is drawn as the row number.
  const bool range_index = index_width_ == 0;
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> headers;
  std::vector<bool> left_aligned;
  if (range_index) {
    headers.emplace_back();
    left_aligned.push_back(true);
    auto& labels = cells.emplace_back();
    for (std::size_t r : shown) labels.push_back(std::to_string(r));
  }
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    headers.push_back(names_[c]);
    left_aligned.push_back(c < index_width_);
    auto& text = cells.emplace_back();
    for (std::size_t r : shown) text.push_back(columns_[c]->format_at(r));
  }
  std::vector<std::size_t> widths(headers.size());
  for (std::size_t c = 0; c < headers.size(); ++c) {
    widths[c] = headers[c].size();
    for (const auto& s : cells[c]) widths[c] = std::max(widths[c], s.size());
    widths[c] = std::max<std::size_t>(widths[c], cut ? 3 : 0);
  }
  std::ostringstream out;
  const auto pad = [&](const std::string& s, std::size_t c) {
    const std::string fill(widths[c] - s.size(), ' ');
    // pandas sets a RangeIndex one space from the first column, the rest two apart.
    const char* separator = c == 0 ? "" : (c == 1 && range_index ? " " : "  ");
    out << separator << (left_aligned[c] ? s + fill : fill + s);
  };
  // pandas puts value column names on the first line and index names on a second one (none
  // for an unnamed index, such as describe()'s).
  const bool index_header =
      std::any_of(names_.begin(), names_.begin() + static_cast<std::ptrdiff_t>(index_width_),
                  [](const std::string& name) { return !name.empty(); });
  for (std::size_t c = 0; c < headers.size(); ++c) pad(!range_index && c < index_width_ ? "" : headers[c], c);
  out << '\n';
  if (index_header) {
    for (std::size_t c = 0; c < headers.size(); ++c) pad(c < index_width_ ? headers[c] : "", c);
    out << '\n';
  }
  for (std::size_t i = 0; i < shown.size(); ++i) {
    if (cut && i == head) {
      for (std::size_t c = 0; c < headers.size(); ++c) pad("...", c);
      out << '\n';
    }
    for (std::size_t c = 0; c < headers.size(); ++c) pad(cells[c][i], c);
    out << '\n';
  }
  if (cut) out << "\n[" << rows_ << " rows x " << (columns_.size() - index_width_) << " columns]\n";
  return out.str();
}

bool operator==(const Table& a, const Table& b) {
  if (a.names_ != b.names_ || a.index_width_ != b.index_width_ || a.rows_ != b.rows_) return false;
  for (std::size_t i = 0; i < a.columns_.size(); ++i) {
    if (!(*a.columns_[i] == *b.columns_[i])) return false;
  }
  return true;
}

std::ostream& operator<<(std::ostream& out, const Table& table) { return out << table.to_string(); }

}  // namespace dtask
