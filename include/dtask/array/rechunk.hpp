// Rechunking: the same array cut into other chunks, as dask.array's rechunk.
//
//   namespace da = dtask::array;
//   auto x = da::random::random({20000, 20000}, {100, 20000});  // rows
//   auto y = x.rechunk({20000, 100});                            // columns, through 100 x 100 tiles
//
// Each output chunk is one task that reads the input chunks overlapping it and copies their
// overlapping regions. Memory per task is bounded: with
//   bound = max(limit, largest input chunk, largest output chunk)   (bytes; limit defaults to
//                                                                    128 MiB, Dask's chunk-size)
// no task reads more than `bound` bytes of input chunks, and no intermediate chunk exceeds it.
// When assembling the outputs straight from the inputs would read more (a chunk that overlaps
// many large input chunks, e.g. rows to columns), the rechunk goes through one intermediate
// chunking that has the boundaries of both (made coarser along an axis where the bound allows):
// then every intermediate chunk lies inside one input chunk and every output chunk is a union
// of intermediate chunks. plan_rechunk gives the stages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <dtask/array/array.hpp>

namespace dtask::array {

// x in new chunks; "auto" keeps the aspect of x's chunks. The same array when the chunks do not
// change. Throws ValueError when the chunks do not fit x's shape.
Array rechunk(const Array& x, const ChunkSpec& chunks, std::int64_t limit = default_auto_bytes);

// The chunkings a rechunk from `from` to `to` goes through, ending with `to` (see above).
std::vector<Chunks> plan_rechunk(const Chunks& from, const Chunks& to, std::size_t itemsize,
                                 std::int64_t limit = default_auto_bytes);

}  // namespace dtask::array
