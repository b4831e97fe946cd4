#include <dtask/dataframe/series.hpp>

namespace dtask::dataframe {

Series::Series(DataFrame frame) : frame_(std::move(frame)) {
  if (frame_.meta().size() != frame_.meta().index_width + 1) {
    DTASK_THROW(ValueError, "a Series is a frame of one value column; this one has " +
                                std::to_string(frame_.meta().size() - frame_.meta().index_width));
  }
}

const std::string& Series::name() const { return frame_.meta().names.back(); }

ColumnType Series::dtype() const { return frame_.meta().types.back(); }

}  // namespace dtask::dataframe
