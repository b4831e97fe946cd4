// The --memory-limit of a worker, as Dask writes it: bytes with an optional unit ("512MB",
// "2GiB", "1.5 GB", "800000000"), or a fraction of the machine's memory ("0.25"). "0", "none"
// and "" mean no limit. A limit above the machine's memory is the machine's memory, as in Dask.
//
//   parse_memory_limit("2GiB", total_memory())   // 2147483648
//   parse_memory_limit("0.25", 16e9)              // 4e9
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dtask::mpi {

// Bytes (0: no limit); throws dtask::ValueError with a one-line message for anything else.
std::uint64_t parse_memory_limit(std::string_view text, std::uint64_t total_memory);

// "800.0 MB", "1.5 GB" (powers of 1000, as users mostly write limits): sizes in messages.
std::string format_bytes(std::uint64_t bytes);

}  // namespace dtask::mpi
