// The memory of this process and of the machine, as the memory limit judges them: counted
// bytes (Value::nbytes) miss what allocators keep and what tasks hold while they run, so a
// worker also watches what the kernel says it uses.
#pragma once

#include <cstdint>

namespace dtask::mpi {

// The machine's memory, or the cgroup's limit when that is lower (containers, Slurm jobs).
std::uint64_t total_memory();
// Resident bytes now (/proc/self/statm): cheap enough to read every few milliseconds.
std::uint64_t resident_bytes();
// The most this process has been resident so far (the kernel's high-water mark).
std::uint64_t peak_resident_bytes();
// Hands freed heap memory back to the kernel: glibc keeps freed blocks below its trim
// threshold and in per-thread arenas, where they still count as resident.
void trim_heap();

}  // namespace dtask::mpi
