#include "doorbell.hpp"

#include <fcntl.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <new>
#include <random>
#include <string>

#include "mpi_check.hpp"

namespace dtask::mpi {

namespace {

std::uint32_t* futex_word(std::atomic<std::uint32_t>& word) {
  static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
  return reinterpret_cast<std::uint32_t*>(&word);
}

// The name of the node's shared segment, made by the node's first rank.
std::string segment_name() {
  std::random_device random;
  return "/dtask-" + std::to_string(getpid()) + "-" + std::to_string(random());
}

// The ranks of comm as ranks of node (MPI_UNDEFINED for ranks on other nodes).
std::vector<int> node_ranks(MPI_Comm comm, MPI_Comm node) {
  int size = 0;
  DTASK_MPI_CHECK(MPI_Comm_size(comm, &size));
  MPI_Group all, local;
  DTASK_MPI_CHECK(MPI_Comm_group(comm, &all));
  DTASK_MPI_CHECK(MPI_Comm_group(node, &local));
  std::vector<int> ranks(static_cast<std::size_t>(size)), translated(ranks.size());
  for (int r = 0; r < size; ++r) ranks[static_cast<std::size_t>(r)] = r;
  DTASK_MPI_CHECK(MPI_Group_translate_ranks(all, size, ranks.data(), local, translated.data()));
  MPI_Group_free(&all);
  MPI_Group_free(&local);
  return translated;
}

}  // namespace

Doorbells::Doorbells(MPI_Comm comm) {
  MPI_Comm node = MPI_COMM_NULL;
  DTASK_MPI_CHECK(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
  int node_rank = 0, node_size = 0;
  DTASK_MPI_CHECK(MPI_Comm_rank(node, &node_rank));
  DTASK_MPI_CHECK(MPI_Comm_size(node, &node_size));
  bytes_ = sizeof(Bell) * static_cast<std::size_t>(node_size);

  // The first rank creates the segment and names it to the others; it is unlinked as soon as
  // everyone has it open, so nothing is left behind whatever happens to the job later.
  char name[64] = {};
  int fd = -1;
  if (node_rank == 0) {
    std::strncpy(name, segment_name().c_str(), sizeof(name) - 1);
    fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd >= 0 && ftruncate(fd, static_cast<off_t>(bytes_)) != 0) close(fd), fd = -1;
    if (fd < 0) name[0] = '\0';
  }
  DTASK_MPI_CHECK(MPI_Bcast(name, sizeof(name), MPI_CHAR, 0, node));
  if (name[0] != '\0' && node_rank != 0) fd = shm_open(name, O_RDWR, 0600);
  void* memory = fd < 0 ? MAP_FAILED : mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (fd >= 0) close(fd);
  DTASK_MPI_CHECK(MPI_Barrier(node));
  if (node_rank == 0 && name[0] != '\0') shm_unlink(name);
  const std::vector<int> ranks = node_ranks(comm, node);
  MPI_Comm_free(&node);
  if (memory == MAP_FAILED)
    DTASK_THROW(MpiError, std::string("cannot map the doorbells shared by the ranks of this node: ") + std::strerror(errno));

  bells_ = static_cast<Bell*>(memory);  // zero-filled by ftruncate: every bell starts silent
  for (int r : ranks) bell_of_rank_.push_back(r == MPI_UNDEFINED ? nullptr : &bells_[r]);
  own_ = &bells_[node_rank];
}

Doorbells::~Doorbells() { munmap(bells_, bytes_); }

void Doorbells::ring(Bell& bell) {
  bell.rings.fetch_add(1);
  // A sleeper that registers after this load sees the new count and does not sleep.
  if (bell.sleepers.load() > 0) syscall(SYS_futex, futex_word(bell.rings), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
}

void Doorbells::ring(int rank) {
  if (Bell* bell = bell_of_rank_[static_cast<std::size_t>(rank)]) ring(*bell);
}

void Doorbells::ring_own() { ring(*own_); }

std::uint32_t Doorbells::ticket() const { return own_->rings.load(); }

void Doorbells::wait(std::uint32_t ticket, std::chrono::microseconds timeout) {
  own_->sleepers.fetch_add(1);
  if (own_->rings.load() == ticket) {
    timespec t{static_cast<time_t>(timeout.count() / 1000000), static_cast<long>(timeout.count() % 1000000) * 1000};
    syscall(SYS_futex, futex_word(own_->rings), FUTEX_WAIT, ticket, &t, nullptr, 0);
  }
  own_->sleepers.fetch_sub(1);
}

}  // namespace dtask::mpi
