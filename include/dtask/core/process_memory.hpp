// The memory of this process and of the machine, as the kernel sees it: counted bytes
// (Value::nbytes) miss what allocators keep and what tasks hold while they run, so a worker's
// memory limit and the profiler's memory samples also read what the kernel says it uses.
#pragma once

#include <cstdint>

namespace dtask {

// The machine's memory, or the cgroup's limit when that is lower (containers, Slurm jobs).
std::uint64_t total_memory();
// Resident bytes now (/proc/self/statm): cheap enough to read every few milliseconds.
std::uint64_t resident_bytes();
// The most this process has been resident so far: the kernel's high-water mark, or the largest
// reading of resident_bytes() when that is higher (the kernel updates its mark lazily, and
// misses pages that the allocator hands back without unmapping them).
std::uint64_t peak_resident_bytes();
// Hands freed heap memory back to the kernel: glibc keeps freed blocks below its trim
// threshold and in per-thread arenas, where they still count as resident.
void trim_heap();
// Makes glibc keep freed memory for reuse (every block from the heap, none a fresh mapping of
// its own; no trimming at every free): a worker allocates and frees tens of megabytes per task, and each
// fresh mapping costs a page fault per 4 KiB when first written. Under a memory limit the data
// store still trims explicitly. Called by worker ranks only; a user's process keeps its settings.
void reuse_freed_memory();

}  // namespace dtask
