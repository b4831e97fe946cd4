#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <dtask/array/hdf5.hpp>
#include <dtask/io/hdf5.hpp>
#include <filesystem>
#include <fstream>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
namespace fs = std::filesystem;
using dtask::Chunk;
using dtask::DType;
using dtask::Shape;

// A fresh directory per test, removed afterwards.
class Hdf5 : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dtask-hdf5-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }
  // Files in the directory, to check that no temporary is left behind.
  std::size_t files_left() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {})); }

  fs::path dir_;
};

// Block 2 of this array fails, after other blocks may have been written.
Chunk failing_block(const Shape& shape, std::int64_t block) {
  if (block == 2) throw std::runtime_error("disk full, pretend");
  Chunk c(DType::float64, shape);
  c.flat<double>().setConstant(static_cast<double>(block));
  return c;
}
const dtask::Function& failing_function = dtask::register_function("test.failing_block", &failing_block);

da::Array failing_array() {
  const da::Chunks chunks{{2, 2, 2}, {3}};
  return da::make_array("failing", DType::float64, chunks, {}, [&](const Shape& block) {
    return dtask::Task(failing_function, {dtask::Value(da::block_shape(chunks, block)), dtask::Value(block[0])});
  });
}

TEST_F(Hdf5, WritesAndReadsBackEveryDTypeOnRaggedChunks) {
  for (DType d : {DType::bool_, DType::int64, DType::float32, DType::float64}) {
    const std::string path = file(std::string(dtask::dtype_name(d)) + ".h5");
    const Chunk values = da::testing::compute_sync(da::random::integers(0, 2, {7, 13}, 3, 42)).astype(d);
    da::Array typed = da::from_chunk(values, 3);
    da::to_hdf5(path, "/group/x", typed);
    const auto info = dtask::io::describe_hdf5(path, "/group/x");
    EXPECT_EQ(info.dtype, d);
    EXPECT_EQ(info.shape, (Shape{7, 13}));
    EXPECT_EQ(info.storage_chunks, (Shape{3, 3}));
    da::Array back = da::from_hdf5(path, "/group/x", {4, 5});
    EXPECT_TRUE(da::testing::same_bits(da::testing::compute_sync(back), da::testing::compute_sync(typed)));
  }
}

TEST_F(Hdf5, AutoChunksFollowTheStorageChunks) {
  const std::string path = file("x.h5");
  da::to_hdf5(path, "/x", da::ones({100, 60}, {10, 20}));
  da::Array x = da::from_hdf5(path, "/x");
  EXPECT_EQ(x.chunks(), (da::Chunks{{100}, {60}}));  // small: one block of whole storage chunks
  da::Array y = da::from_hdf5(path, "/x", da::ChunkSpec::automatic(8 * 10 * 20 * 2));
  for (std::int64_t size : y.chunks()[0]) EXPECT_EQ(size % 10, 0);
  for (std::int64_t size : y.chunks()[1]) EXPECT_TRUE(size % 20 == 0 || size == 60);
}

TEST_F(Hdf5, IrregularChunksAreMadeRegularBeforeWriting) {
  const std::string path = file("x.h5");
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(9, 5);
  da::Array x = da::from_eigen(m, da::Chunks{{2, 5, 2}, {5}});
  da::to_hdf5(path, "/x", x);
  Eigen::MatrixXd back = da::testing::compute_sync(da::from_hdf5(path, "/x"));
  EXPECT_EQ(back, m);
}

TEST_F(Hdf5, ExistingFilesAreReplacedOnlyWhenAsked) {
  const std::string path = file("x.h5");
  da::to_hdf5(path, "/x", da::zeros({4}, 2));
  EXPECT_THROW(da::to_hdf5(path, "/x", da::ones({4}, 2)), dtask::IoError);
  da::to_hdf5(path, "/x", da::ones({5}, 2), {.overwrite = true});
  EXPECT_EQ(da::testing::compute_sync(da::from_hdf5(path, "/x")).to_vector<double>(), Eigen::VectorXd::Ones(5));
}

TEST_F(Hdf5, AFailedWriteLeavesTheOldFileIntactAndNoTemporary) {
  const std::string path = file("x.h5");
  da::to_hdf5(path, "/x", da::full({6, 3}, 7.0, 2));
  EXPECT_THROW(da::to_hdf5(path, "/x", failing_array(), {.overwrite = true}), dtask::TaskError);
  dtask::io::close_cached_hdf5_files();
  Chunk kept = da::testing::compute_sync(da::from_hdf5(path, "/x"));
  EXPECT_EQ(kept.to_matrix<double>(), Eigen::MatrixXd::Constant(6, 3, 7.0));
  EXPECT_EQ(files_left(), 1u);
}

TEST_F(Hdf5, BadInputGetsOneClearMessageNamingFileAndDataset) {
  auto message_of = [](auto&& f) {
    try {
      f();
    } catch (const dtask::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string missing = file("missing.h5");
  EXPECT_EQ(message_of([&] { da::from_hdf5(missing, "/x"); }), "no such file: " + missing);
  const std::string path = file("x.h5");
  da::to_hdf5(path, "/x", da::zeros({4}, 2));
  EXPECT_EQ(message_of([&] { da::from_hdf5(path, "/y"); }), "no dataset '/y' in " + path);
  const std::string corrupt = file("corrupt.h5");
  std::ofstream(corrupt) << "not an HDF5 file at all";
  EXPECT_EQ(message_of([&] { da::from_hdf5(corrupt, "/x"); }),
            corrupt + " is not an HDF5 file (or it is truncated or corrupt)");
  EXPECT_EQ(message_of([&] { da::to_hdf5(file("no/such/dir/x.h5"), "/x", da::zeros({4}, 2)); }),
            "cannot write " + file("no/such/dir/x.h5") + ": no directory " + file("no/such/dir"));
}

TEST_F(Hdf5, ATruncatedFileIsAnErrorNotACrash) {
  const std::string path = file("x.h5");
  da::to_hdf5(path, "/x", da::ones({1000, 100}, {100, 100}));
  fs::resize_file(path, fs::file_size(path) / 2);
  dtask::io::close_cached_hdf5_files();
  EXPECT_THROW(da::testing::compute_sync(da::from_hdf5(path, "/x")), dtask::Error);
}

TEST_F(Hdf5, StoreWritesSeveralArraysInOnePass) {
  da::Array x = da::random::random({30, 20}, {7, 9}, 3);
  da::Array y = da::random::random({30, 20}, {7, 9}, 3, DType::float32);
  da::store({{file("a.h5"), "/a", x}, {file("b.h5"), "/b", y}});
  EXPECT_TRUE(da::testing::same_bits(da::testing::compute_sync(da::from_hdf5(file("a.h5"), "/a")), da::testing::compute_sync(x)));
  EXPECT_EQ(dtask::io::describe_hdf5(file("b.h5"), "/b").dtype, DType::float32);
  EXPECT_EQ(files_left(), 2u);
}

}  // namespace
