// Chunk specifications and block arithmetic: every spec form, odd shapes, the errors, and "auto"
// against Dask's own normalize_chunks (tests/array/dask_chunks_reference.py).
#include <gtest/gtest.h>

#include <cctype>
#include <dtask/array/chunks.hpp>
#include <dtask/core/error.hpp>
#include <string>
#include <utility>
#include <vector>

namespace {

using dtask::array::auto_chunk;
using dtask::array::Chunks;
using dtask::array::ChunkSpec;
using dtask::array::normalize_chunks;
using dtask::array::Shape;

constexpr std::size_t f8 = 8;

std::string error_of(const ChunkSpec& spec, const Shape& shape, std::size_t itemsize = f8,
                     const Chunks& previous = {}) {
  try {
    normalize_chunks(spec, shape, itemsize, previous);
  } catch (const dtask::ValueError& error) {
    return error.what();
  }
  return "no error";
}

// --- every spec form, odd shapes

TEST(NormalizeChunks, OneSizeCutsEveryAxisWithRaggedLastChunk) {
  EXPECT_EQ(normalize_chunks(3, {7, 13}, f8), (Chunks{{3, 3, 1}, {3, 3, 3, 3, 1}}));
}

TEST(NormalizeChunks, OneByOneArrayIsOneBlock) {
  EXPECT_EQ(normalize_chunks(3, {1, 1}, f8), (Chunks{{1}, {1}}));
  EXPECT_EQ(normalize_chunks(ChunkSpec::automatic(), {1, 1}, f8), (Chunks{{1}, {1}}));
}

TEST(NormalizeChunks, SizeAtLeastTheExtentGivesOneChunk) {
  EXPECT_EQ(normalize_chunks(100, {7}, f8), (Chunks{{7}}));
  EXPECT_EQ(normalize_chunks(7, {7}, f8), (Chunks{{7}}));
}

TEST(NormalizeChunks, SizePerAxisCutsEachAxis) {
  EXPECT_EQ(normalize_chunks({1000, 500}, {2500, 1000}, f8),
            (Chunks{{1000, 1000, 500}, {500, 500}}));
}

TEST(NormalizeChunks, MinusOneTakesTheWholeAxis) {
  EXPECT_EQ(normalize_chunks({5, -1}, {10, 10}, f8), (Chunks{{5, 5}, {10}}));
  EXPECT_EQ(normalize_chunks(-1, {7, 13}, f8), (Chunks{{7}, {13}}));
}

TEST(NormalizeChunks, ExplicitSizesPassThrough) {
  EXPECT_EQ(normalize_chunks(Chunks{{5, 5, 3}, {13}}, {13, 13}, f8), (Chunks{{5, 5, 3}, {13}}));
}

TEST(NormalizeChunks, ExplicitSizesMayHoldEmptyChunksAsInDask) {
  EXPECT_EQ(normalize_chunks(Chunks{{5, 0, 5}}, {10}, f8), (Chunks{{5, 0, 5}}));
}

TEST(NormalizeChunks, SeveralSizesForAOneDShapeAreItsExplicitSizes) {
  EXPECT_EQ(normalize_chunks({5, 5, 3}, {13}, f8), (Chunks{{5, 5, 3}}));
}

TEST(NormalizeChunks, EmptyAxisGetsOneEmptyChunk) {
  EXPECT_EQ(normalize_chunks(3, {0, 7}, f8), (Chunks{{0}, {3, 3, 1}}));
  EXPECT_EQ(normalize_chunks(-1, {0}, f8), (Chunks{{0}}));
  EXPECT_EQ(normalize_chunks(0, {0}, f8), (Chunks{{0}}));
  EXPECT_EQ(normalize_chunks(Chunks{{0}, {7}}, {0, 7}, f8), (Chunks{{0}, {7}}));
  EXPECT_EQ(normalize_chunks({auto_chunk, 3}, {0, 7}, f8), (Chunks{{0}, {3, 3, 1}}));
}

TEST(NormalizeChunks, ZeroDShapeHasNoAxes) {
  EXPECT_EQ(normalize_chunks(5, {}, f8), Chunks{});
  EXPECT_EQ(normalize_chunks(ChunkSpec::automatic(), {}, f8), Chunks{});
  EXPECT_EQ(normalize_chunks(Chunks{}, {}, f8), Chunks{});
}

TEST(NormalizeChunks, AutoAimsAt128MiBByDefault) {
  const Chunks chunks = normalize_chunks(ChunkSpec::automatic(), {100000, 100000}, f8);
  EXPECT_EQ(chunks[0].front() * chunks[1].front() * 8, 128 << 20);
  EXPECT_EQ(normalize_chunks({auto_chunk, -1}, {100000, 100000}, f8)[0].front(), 167);
}

// Dask divides by zero here; every block of an empty array is empty, so the other axes go whole.
TEST(NormalizeChunks, AutoBesideAnEmptyAxisTakesTheOtherAxesWhole) {
  EXPECT_EQ(normalize_chunks(ChunkSpec::automatic(), {0, 100000}, f8), (Chunks{{0}, {100000}}));
}

TEST(NormalizeChunks, ItemsizeMattersOnlyForAuto) {
  EXPECT_EQ(normalize_chunks(3, {7}, 0), (Chunks{{3, 3, 1}}));
}

// --- errors: a one-line dtask::ValueError naming the problem

TEST(NormalizeChunksErrors, RejectWrongNumberOfAxes) {
  EXPECT_THROW(normalize_chunks({3, 3, 3}, {7, 13}, f8), dtask::ValueError);
  EXPECT_THROW(normalize_chunks(Chunks{{7}}, {7, 13}, f8), dtask::ValueError);
  EXPECT_THROW(normalize_chunks({3}, {}, f8), dtask::ValueError);
  EXPECT_EQ(error_of({3, 3, 3}, {7, 13}), "chunks give 3 axes but shape (7, 13) has 2");
}

TEST(NormalizeChunksErrors, RejectExplicitSizesThatDoNotSumToTheExtent) {
  EXPECT_THROW(normalize_chunks(Chunks{{5, 5}, {13}}, {13, 13}, f8), dtask::ValueError);
  EXPECT_THROW(normalize_chunks({3, 3}, {7}, f8), dtask::ValueError);
  EXPECT_EQ(error_of(Chunks{{5, 5}, {13}}, {13, 13}),
            "chunks ((5, 5), (13,)) do not fit shape (13, 13): axis 0 needs sizes >= 0 summing "
            "to 13");
}

TEST(NormalizeChunksErrors, RejectZeroSizeOnANonEmptyAxis) {
  EXPECT_THROW(normalize_chunks(0, {7}, f8), dtask::ValueError);
  EXPECT_THROW(normalize_chunks({3, 0}, {7, 13}, f8), dtask::ValueError);
  EXPECT_EQ(error_of({3, 0}, {7, 13}),
            "chunk size 0 on axis 1 (extent 13): sizes must be positive, or -1 for the whole axis");
}

TEST(NormalizeChunksErrors, RejectNegativeSizesOtherThanMinusOne) {
  EXPECT_THROW(normalize_chunks(-2, {7}, f8), dtask::ValueError);
  EXPECT_THROW(normalize_chunks({3, -5}, {7, 13}, f8), dtask::ValueError);
  EXPECT_THROW(normalize_chunks(Chunks{{-1, 8}}, {7}, f8), dtask::ValueError);
}

TEST(NormalizeChunksErrors, RejectAnExplicitAxisWithoutChunks) {
  EXPECT_THROW(normalize_chunks(Chunks{{}, {13}}, {0, 13}, f8), dtask::ValueError);
}

TEST(NormalizeChunksErrors, RejectNegativeExtents) {
  EXPECT_EQ(error_of(3, {7, -1}), "shape (7, -1) has a negative extent");
}

TEST(NormalizeChunksErrors, RejectAutoWithoutItemsizeOrBytes) {
  EXPECT_THROW(normalize_chunks(ChunkSpec::automatic(), {7}, 0), dtask::ValueError);
  EXPECT_THROW(normalize_chunks(ChunkSpec::automatic(0), {7}, f8), dtask::ValueError);
  EXPECT_THROW(normalize_chunks(ChunkSpec::automatic(-1, {auto_chunk}), {7}, f8),
               dtask::ValueError);
}

TEST(NormalizeChunksErrors, RejectPreviousChunksOfAnotherRank) {
  EXPECT_THROW(normalize_chunks(ChunkSpec::automatic(), {7, 13}, f8, Chunks{{7}}),
               dtask::ValueError);
  EXPECT_THROW(normalize_chunks(ChunkSpec::automatic(), {7, 13}, f8, Chunks{{7}, {}}),
               dtask::ValueError);
}

TEST(NormalizeChunksErrors, MessagesAreOneLine) {
  for (const std::string& message :
       {error_of(Chunks{{5, 5}, {13}}, {13, 13}), error_of(-2, {7}), error_of({3}, {7, 13}),
        error_of(ChunkSpec::automatic(), {7}, 0)}) {
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_NE(message, "no error");
  }
}

// --- "auto" against Dask 2022.12's normalize_chunks

// Chunks per axis as runs of {size, count}, the form dask_chunks_reference.py prints.
using Runs = std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>>;

Chunks expand(const Runs& runs) {
  Chunks chunks;
  for (const auto& axis : runs) {
    chunks.emplace_back();
    for (auto [size, count] : axis) chunks.back().insert(chunks.back().end(), count, size);
  }
  return chunks;
}

struct DaskCase {
  std::string name;
  ChunkSpec spec;
  Shape shape;
  std::size_t itemsize;
  Runs previous;
  Runs expected;
};

// Generated by tests/array/dask_chunks_reference.py; regenerate there, do not edit by hand.
const std::vector<DaskCase> kDaskCases = {
    // clang-format off
    {"Square float64 128MiB", ChunkSpec::automatic(134217728), {100000, 100000}, 8, {},
     {{{4096, 24}, {1696, 1}}, {{4096, 24}, {1696, 1}}}},
    {"Square float32", ChunkSpec::automatic(134217728), {100000, 100000}, 4, {},
     {{{5792, 17}, {1536, 1}}, {{5792, 17}, {1536, 1}}}},
    {"Square bool", ChunkSpec::automatic(134217728), {100000, 100000}, 1, {},
     {{{11585, 8}, {7320, 1}}, {{11585, 8}, {7320, 1}}}},
    {"Square int64 keeps previous aspect", ChunkSpec::automatic(134217728), {100000, 100000}, 8, {{{1000, 100}}, {{500, 200}}},
     {{{5000, 20}}, {{2500, 40}}}},
    {"Auto rows whole columns", ChunkSpec::automatic(134217728, {auto_chunk, -1}), {100000, 100000}, 8, {},
     {{{167, 598}, {134, 1}}, {{100000, 1}}}},
    {"Fixed rows auto columns", ChunkSpec::automatic(134217728, {1000, auto_chunk}), {100000, 100000}, 8, {},
     {{{1000, 100}}, {{16777, 5}, {16115, 1}}}},
    {"Mixed auto fixed whole", ChunkSpec::automatic(134217728, {auto_chunk, 500, -1}), {50000, 1000, 20}, 8, {},
     {{{1677, 29}, {1367, 1}}, {{500, 2}}, {{20, 1}}}},
    {"Cube rounds the cube root down", ChunkSpec::automatic(134217728), {1000, 1000, 1000}, 8, {},
     {{{255, 3}, {235, 1}}, {{255, 3}, {235, 1}}, {{255, 3}, {235, 1}}}},
    {"Short axis taken whole", ChunkSpec::automatic(134217728), {10, 100000000}, 8, {},
     {{{10, 1}}, {{1677721, 59}, {1014461, 1}}}},
    {"Small array is one block", ChunkSpec::automatic(134217728), {7, 13}, 8, {},
     {{{7, 1}}, {{13, 1}}}},
    {"Tiny limit", ChunkSpec::automatic(5, {auto_chunk}), {20}, 1, {},
     {{{5, 4}}}},
    {"One KiB of float32", ChunkSpec::automatic(1024), {2000}, 4, {},
     {{{256, 7}, {208, 1}}}},
    {"Long vector", ChunkSpec::automatic(134217728), {1000000000}, 8, {},
     {{{16777216, 59}, {10144256, 1}}}},
    {"Empty axis", ChunkSpec::automatic(134217728), {0, 10}, 8, {},
     {{{0, 1}}, {{10, 1}}}},
    {"Zero-d", ChunkSpec::automatic(134217728), {}, 8, {},
     {}},
    {"Previous ragged chunks", ChunkSpec::automatic(1048576), {1000, 1000}, 8, {{{100, 10}}, {{30, 33}, {10, 1}}},
     {{{600, 1}, {400, 1}}, {{180, 5}, {100, 1}}}},
    {"Previous without a dominant size", ChunkSpec::automatic(1048576), {1000, 1000}, 8, {{{100, 1}, {200, 1}, {300, 1}, {400, 1}}, {{50, 20}}},
     {{{872, 1}, {128, 1}}, {{150, 6}, {100, 1}}}},
    {"Previous hits the shape boundary", ChunkSpec::automatic(134217728), {100, 1000000}, 8, {{{10, 10}}, {{1000, 1000}}},
     {{{100, 1}}, {{1000000, 1}}}},
    {"Previous with a whole axis between", ChunkSpec::automatic(4194304, {auto_chunk, -1, auto_chunk}), {1000, 7, 1000}, 4, {{{100, 10}}, {{7, 1}}, {{50, 20}}},
     {{{500, 2}}, {{7, 1}}, {{250, 4}}}},
    {"Previous cube", ChunkSpec::automatic(134217728), {1000, 1000, 1000}, 8, {{{100, 10}}, {{50, 20}}, {{1000, 1}}},
     {{{100, 10}}, {{50, 20}}, {{1000, 1}}}},
    // clang-format on
};

class NormalizeChunksAuto : public testing::TestWithParam<DaskCase> {};

TEST_P(NormalizeChunksAuto, MatchesDask) {
  const DaskCase& c = GetParam();
  EXPECT_EQ(normalize_chunks(c.spec, c.shape, c.itemsize, expand(c.previous)), expand(c.expected));
}

std::string test_name(const testing::TestParamInfo<DaskCase>& info) {
  std::string name;  // "Square float32" -> "SquareFloat32"
  bool word_start = true;
  for (unsigned char ch : info.param.name) {
    if (std::isalnum(ch)) name += word_start ? static_cast<char>(std::toupper(ch)) : ch;
    word_start = !std::isalnum(ch);
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Dask, NormalizeChunksAuto, testing::ValuesIn(kDaskCases), test_name);

// --- block arithmetic

TEST(ChunkOffsets, StartAtZeroAndEndAtTheExtent) {
  EXPECT_EQ(dtask::array::chunk_offsets({3, 3, 1}), (std::vector<std::int64_t>{0, 3, 6, 7}));
  EXPECT_EQ(dtask::array::chunk_offsets({0}), (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(dtask::array::chunk_offsets({}), (std::vector<std::int64_t>{0}));
}

TEST(ChunkBlocks, CountBlocksPerAxisAndInAll) {
  const Chunks chunks{{3, 3, 1}, {3, 3, 3, 3, 1}};
  EXPECT_EQ(dtask::array::numblocks(chunks), (Shape{3, 5}));
  EXPECT_EQ(dtask::array::block_count(chunks), 15);
  EXPECT_EQ(dtask::array::block_count(Chunks{{0}, {7}}), 1);
}

TEST(ChunkBlocks, ZeroDArrayIsOneBlockWithNoIndex) {
  EXPECT_EQ(dtask::array::numblocks(Chunks{}), Shape{});
  EXPECT_EQ(dtask::array::block_count(Chunks{}), 1);
  EXPECT_EQ(dtask::array::block_shape(Chunks{}, {}), Shape{});
  EXPECT_EQ(dtask::array::flat_block_index({}, {}), 0);
  EXPECT_EQ(dtask::array::unflatten_block_index({}, 0), Shape{});
}

TEST(ChunkBlocks, BlockShapeReadsEachAxis) {
  const Chunks chunks{{3, 3, 1}, {3, 3, 3, 3, 1}};
  EXPECT_EQ(dtask::array::block_shape(chunks, {0, 0}), (Shape{3, 3}));
  EXPECT_EQ(dtask::array::block_shape(chunks, {2, 4}), (Shape{1, 1}));
  EXPECT_EQ(dtask::array::block_shape(chunks, {1, 4}), (Shape{3, 1}));
}

TEST(ChunkBlocks, BlockShapeRejectsIndexOutsideTheBlocks) {
  const Chunks chunks{{3, 3, 1}, {13}};
  EXPECT_THROW(dtask::array::block_shape(chunks, {3, 0}), dtask::ValueError);
  EXPECT_THROW(dtask::array::block_shape(chunks, {0, -1}), dtask::ValueError);
  EXPECT_THROW(dtask::array::block_shape(chunks, {0}), dtask::ValueError);
}

TEST(ChunkBlocks, FlatIndexIsRowMajorAndRoundTrips) {
  const Shape blocks{3, 5, 2};
  std::int64_t expected = 0;  // a naive row-major counter
  for (std::int64_t i = 0; i < 3; ++i) {
    for (std::int64_t j = 0; j < 5; ++j) {
      for (std::int64_t k = 0; k < 2; ++k, ++expected) {
        EXPECT_EQ(dtask::array::flat_block_index(blocks, {i, j, k}), expected);
        EXPECT_EQ(dtask::array::unflatten_block_index(blocks, expected), (Shape{i, j, k}));
      }
    }
  }
}

TEST(ChunkBlocks, FlatIndexRejectsIndexOutsideTheBlocks) {
  EXPECT_THROW(dtask::array::flat_block_index({3, 5}, {0, 5}), dtask::ValueError);
  EXPECT_THROW(dtask::array::unflatten_block_index({3, 5}, 15), dtask::ValueError);
  EXPECT_THROW(dtask::array::unflatten_block_index({3, 5}, -1), dtask::ValueError);
}

TEST(ChunksToString, PrintsLikeDaskRepr) {
  EXPECT_EQ(dtask::array::to_string(Chunks{{5, 5, 3}, {13}}), "((5, 5, 3), (13,))");
  EXPECT_EQ(dtask::array::to_string(Chunks{{13}}), "((13,),)");
  EXPECT_EQ(dtask::array::to_string(Chunks{{0}, {7}}), "((0,), (7,))");
  EXPECT_EQ(dtask::array::to_string(Chunks{}), "()");
}

}  // namespace
