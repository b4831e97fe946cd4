#include "chunk_buffers.hpp"

#include <deque>
#include <mutex>
#include <new>

namespace dtask::detail {

namespace {

constexpr std::align_val_t chunk_alignment{64};
constexpr std::size_t page_bytes = 4096;

std::byte* allocate_aligned(std::size_t nbytes) {
  return static_cast<std::byte*>(::operator new[](nbytes, chunk_alignment));
}
void free_aligned(std::byte* p) { ::operator delete[](p, chunk_alignment); }

class BufferPool {
 public:
  // A pooled buffer of exactly nbytes, or null.
  std::byte* take(std::size_t nbytes) {
    const std::lock_guard lock(mutex_);
    for (auto it = free_.begin(); it != free_.end(); ++it) {
      if (it->nbytes != nbytes) continue;
      std::byte* p = it->data;
      held_bytes_ -= nbytes;
      free_.erase(it);
      return p;
    }
    return nullptr;
  }

  void give(std::byte* p, std::size_t nbytes) {
    std::deque<Buffer> evicted;
    {
      const std::lock_guard lock(mutex_);
      free_.push_front({p, nbytes});
      held_bytes_ += nbytes;
      evict_beyond_capacity(evicted);
    }
    for (const Buffer& b : evicted) free_aligned(b.data);
  }

  void set_capacity(std::size_t bytes) {
    std::deque<Buffer> evicted;
    {
      const std::lock_guard lock(mutex_);
      capacity_bytes_ = bytes;
      evict_beyond_capacity(evicted);
    }
    for (const Buffer& b : evicted) free_aligned(b.data);
  }

 private:
  struct Buffer {
    std::byte* data;
    std::size_t nbytes;
  };
  // The oldest buffers leave first; they go back to the system outside the lock.
  void evict_beyond_capacity(std::deque<Buffer>& evicted) {
    while (held_bytes_ > capacity_bytes_) {
      held_bytes_ -= free_.back().nbytes;
      evicted.push_back(free_.back());
      free_.pop_back();
    }
  }

  std::mutex mutex_;
  std::deque<Buffer> free_;  // most recently freed first
  std::size_t held_bytes_ = 0;
  std::size_t capacity_bytes_ = default_pool_capacity_bytes;
};

// Never destroyed: chunks held by static objects may be freed after every destructor has run.
BufferPool& pool() {
  static auto* p = new BufferPool;
  return *p;
}

}  // namespace

std::shared_ptr<std::byte[]> allocate_chunk_buffer(std::size_t nbytes) {
  if (nbytes == 0) return nullptr;
  if (nbytes < min_pooled_bytes) return std::shared_ptr<std::byte[]>(allocate_aligned(nbytes), free_aligned);
  const std::size_t rounded = (nbytes + page_bytes - 1) / page_bytes * page_bytes;
  std::byte* p = pool().take(rounded);
  if (p == nullptr) p = allocate_aligned(rounded);
  return std::shared_ptr<std::byte[]>(p, [rounded](std::byte* q) { pool().give(q, rounded); });
}

}  // namespace dtask::detail

namespace dtask {

void set_chunk_buffer_pool_capacity(std::size_t bytes) { detail::pool().set_capacity(bytes); }

}  // namespace dtask
