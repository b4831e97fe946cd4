// What this process is in a job: the client (rank 0, or a process on its own) or a worker
// rank, which runs nothing but tasks. dtask::Runtime sets it once at start-up; kernels that
// tune process-wide libraries (OpenBLAS's thread count) read it.
#pragma once

namespace dtask {

enum class ProcessRole { client, worker };

ProcessRole process_role() noexcept;
void set_process_role(ProcessRole role) noexcept;

}  // namespace dtask
