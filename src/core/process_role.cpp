#include <dtask/core/process_role.hpp>

#include <atomic>

namespace dtask {

namespace {

std::atomic<ProcessRole> role{ProcessRole::client};

}  // namespace

ProcessRole process_role() noexcept { return role.load(std::memory_order_relaxed); }
void set_process_role(ProcessRole r) noexcept { role.store(r, std::memory_order_relaxed); }

}  // namespace dtask
