#include <dtask/delayed.hpp>

namespace dtask::detail {

void throw_unregistered(const std::string& key) {
  DTASK_THROW(GraphError, "task '" + key +
                              "' calls a function that is not registered: add "
                              "DTASK_FUNCTIONS(<function name>) at namespace scope");
}

}  // namespace dtask::detail
