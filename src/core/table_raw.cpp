// The raw forms of Column and Table (see raw_form.hpp). A column describes its type, rows,
// whether it has a validity mask and, for strings, its byte count; its parts are the mask (when
// there is one), then the values, or the offsets and the string bytes. A table describes its
// shape, then each column's name and layout.
#include <dtask/core/table.hpp>

namespace dtask {

namespace {

template <class T>
void write_vector(const std::vector<T>& values, RawWriter& out) {
  out.part(values.data(), values.size() * sizeof(T));
}

// Sized here, filled by the receiver: the resize's zeros are overwritten.
template <class T>
void read_vector(RawReader& in, std::vector<T>& values, std::size_t size) {
  values.resize(size);
  in.part(values.data(), size * sizeof(T));
}

[[noreturn]] void throw_malformed(const std::string& what) {
  DTASK_THROW(ValueError, "malformed raw table: " + what);
}

}  // namespace

void RawParts<Column>::write(const Column& c, RawWriter& out) {
  out.integer(static_cast<std::uint64_t>(c.type_));
  out.integer(c.size_);
  out.integer(c.valid_.empty() ? 0 : 1);
  if (c.type_ == ColumnType::string) out.integer(c.chars_.size());
  write_vector(c.valid_, out);
  switch (c.type_) {
    case ColumnType::int64:
      write_vector(c.ints_, out);
      break;
    case ColumnType::float64:
      write_vector(c.floats_, out);
      break;
    case ColumnType::boolean:
      write_vector(c.bools_, out);
      break;
    case ColumnType::string:
      write_vector(c.offsets_, out);
      out.part(c.chars_.data(), c.chars_.size());
      break;
  }
}

void RawParts<Column>::read(RawReader& in, Column& c) {
  const std::uint64_t type = in.integer();
  if (type > static_cast<std::uint64_t>(ColumnType::string))
    throw_malformed("column type " + std::to_string(type));
  c.type_ = static_cast<ColumnType>(type);
  c.size_ = in.integer();
  const bool has_mask = in.integer() != 0;
  const std::size_t chars = c.type_ == ColumnType::string ? in.integer() : 0;
  if (has_mask) read_vector(in, c.valid_, c.size_);
  switch (c.type_) {
    case ColumnType::int64:
      read_vector(in, c.ints_, c.size_);
      break;
    case ColumnType::float64:
      read_vector(in, c.floats_, c.size_);
      break;
    case ColumnType::boolean:
      read_vector(in, c.bools_, c.size_);
      break;
    case ColumnType::string:
      read_vector(in, c.offsets_, c.size_ + 1);
      c.chars_.resize(chars);
      in.part(c.chars_.data(), chars);
      break;
  }
}

void RawParts<Table>::write(const Table& t, RawWriter& out) {
  out.integer(t.columns_.size());
  out.integer(t.index_width_);
  out.integer(t.rows_);
  for (std::size_t i = 0; i < t.columns_.size(); ++i) {
    out.text(t.names_[i]);
    RawParts<Column>::write(*t.columns_[i], out);
  }
}

void RawParts<Table>::read(RawReader& in, Table& t) {
  const std::uint64_t width = in.integer();
  t.index_width_ = in.integer();
  t.rows_ = in.integer();
  if (t.index_width_ > width)
    throw_malformed("an index of " + std::to_string(t.index_width_) + " columns of " +
                    std::to_string(width));
  for (std::uint64_t i = 0; i < width; ++i) {
    t.names_.emplace_back(in.text());
    auto column = std::make_shared<Column>();
    RawParts<Column>::read(in, *column);
    if (column->size() != t.rows_)
      throw_malformed("a column of " + std::to_string(column->size()) + " rows in a table of " +
                      std::to_string(t.rows_));
    t.columns_.push_back(std::move(column));
  }
}

}  // namespace dtask
