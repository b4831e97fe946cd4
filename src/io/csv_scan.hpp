// CsvScanner: splits a buffer of CSV text into records and fields, the one tokenizer of the
// header, the type sample and the partition parser.
//
//   CsvBuffer text = ...;  // bytes followed by csv_padding writable bytes
//   CsvScanner scan(text.begin(), text.end(), ',', '"', /*at_eof=*/true);
//   std::array<std::string_view, 4> fields;
//   std::size_t count;
//   while (scan.next(fields, count) == CsvScanner::Status::record) { ... }
//
// Quoted fields may hold the delimiter, newlines and doubled quotes; they are unescaped in
// place (the buffer is modified), so views stay valid as long as the buffer. A '\r' before the
// '\n' ending a record is dropped. The csv_padding bytes after the end are overwritten with
// '\n': the unquoted-field search reads 32 (or 16) bytes at a time and stops there without
// bound checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#if defined(__AVX2__) || defined(__SSE2__)
#include <immintrin.h>
#endif

namespace dtask::io {

inline constexpr std::size_t csv_padding = 64;

class CsvScanner {
 public:
  enum class Status {
    record,             // fields and count describe the next record
    end,                // no more records
    incomplete,         // the next record runs past the buffer (or starts at its end), which is
                        // not the end of the file
    unterminated_quote  // a quoted field never closes before the end of the file
  };

  CsvScanner(char* begin, char* end, char delimiter, char quote, bool at_eof)
      : p_(begin), end_(end), delimiter_(delimiter), quote_(quote), at_eof_(at_eof) {
    std::memset(end_, '\n', csv_padding);
  }

  // The next record: its first fields.size() fields in fields, and in count the number it has
  // (more than fields.size() when it has too many; those are scanned, not stored).
  Status next(std::span<std::string_view> fields, std::size_t& count) {
    count = 0;
    record_begin_ = p_;
    if (p_ >= end_) return at_eof_ ? Status::end : Status::incomplete;
    char* p = p_;
    for (;;) {
      char* stop;
      std::string_view value;
      if (*p == quote_) {
        char* out = p;  // unescaped text is compacted over the quotes
        char* r = p + 1;
        for (;;) {
          auto* q = static_cast<char*>(std::memchr(r, quote_, static_cast<std::size_t>(end_ - r)));
          if (q == nullptr) {
            field_begin_ = p;
            return at_eof_ ? Status::unterminated_quote : Status::incomplete;
          }
          std::memmove(out, r, static_cast<std::size_t>(q - r));
          out += q - r;
          if (q + 1 < end_ && q[1] == quote_) {
            *out++ = quote_;
            r = q + 2;
          } else {
            r = q + 1;
            break;
          }
        }
        stop = find_stop(r);  // text after the closing quote is kept, as pandas does
        std::memmove(out, r, static_cast<std::size_t>(stop - r));
        out += stop - r;
        value = {p, static_cast<std::size_t>(out - p)};
      } else {
        stop = find_stop(p);
        value = {p, static_cast<std::size_t>(stop - p)};
      }
      if (stop >= end_ && !at_eof_) return Status::incomplete;
      const bool last = stop >= end_ || *stop == '\n';
      if (last && !value.empty() && value.back() == '\r') value.remove_suffix(1);
      if (count < fields.size()) fields[count] = value;
      ++count;
      if (last) {
        p_ = stop < end_ ? stop + 1 : end_;
        return Status::record;
      }
      p = stop + 1;
    }
  }

  // Where the record last returned (or being scanned) begins, and where the next one does.
  const char* record_begin() const noexcept { return record_begin_; }
  const char* position() const noexcept { return p_; }
  // The opening quote of the field an unterminated_quote status is about.
  const char* field_begin() const noexcept { return field_begin_; }

 private:
  // The first delimiter or '\n' at or after p (the padding guarantees one). The bit mask of the
  // last block loaded is kept: the next fields of a line usually end in the same block. (Bytes
  // at or after the position asked for are never rewritten by unescaping, so the mask stays
  // true for every later question.)
  char* find_stop(char* p) {
    if (p >= block_ && p < block_ + block_bytes) {
      const std::uint64_t rest = mask_ >> (p - block_);
      if (rest != 0) return p + __builtin_ctzll(rest);
      p = block_ + block_bytes;
    }
    for (;; p += block_bytes) {
      block_ = p;
      mask_ = stops_in_block(p);
      if (mask_ != 0) return p + __builtin_ctzll(mask_);
    }
  }

  // Bit i: byte p[i] is a delimiter or '\n'.
  std::uint64_t stops_in_block(const char* p) const {
#if defined(__AVX2__)
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    return static_cast<std::uint32_t>(
        _mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(bytes, _mm256_set1_epi8(delimiter_)),
                                             _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('\n')))));
#elif defined(__SSE2__)
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return static_cast<std::uint32_t>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(delimiter_)),
                                       _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\n')))));
#else
    std::uint64_t mask = 0;
    for (std::size_t i = 0; i < block_bytes; ++i)
      mask |= std::uint64_t{p[i] == delimiter_ || p[i] == '\n'} << i;
    return mask;
#endif
  }

#if defined(__AVX2__)
  static constexpr std::size_t block_bytes = 32;
#else
  static constexpr std::size_t block_bytes = 16;
#endif

  char* p_;
  char* end_;
  char* block_ = nullptr;  // the last block find_stop loaded, and its mask
  std::uint64_t mask_ = 0;
  const char* record_begin_ = nullptr;
  const char* field_begin_ = nullptr;
  char delimiter_;
  char quote_;
  bool at_eof_;
};

}  // namespace dtask::io
