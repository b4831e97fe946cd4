// Buffers of large chunks are kept for reuse instead of going back to the kernel.
//
// glibc hands a block of megabytes back to the kernel when it is freed (munmap, or a heap of a
// thread's arena deleted once empty), so every new chunk of that size faults its pages in again
// and the kernel zeroes them: 2048 faults and about a millisecond per 8 MB chunk, as much as
// drawing it. Freed buffers of at least min_pooled_bytes wait here, most recently freed first,
// within the pool's capacity in all (the oldest go back to the system beyond that), and the
// next chunk of the same rounded size takes one. Thread-safe: chunks are made on compute threads
// and freed on communication threads.
#pragma once

#include <cstddef>
#include <memory>

namespace dtask::detail {

inline constexpr std::size_t min_pooled_bytes = std::size_t{1} << 20;
inline constexpr std::size_t default_pool_capacity_bytes = std::size_t{128} << 20;

// A 64-byte-aligned buffer of at least nbytes (null for 0), reused when the pool has one.
std::shared_ptr<std::byte[]> allocate_chunk_buffer(std::size_t nbytes);

}  // namespace dtask::detail
