#include <dtask/dataframe/datasets.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

#include <dtask/core/error.hpp>

namespace dtask::dataframe::datasets {

namespace {

// splitmix64: the n-th number of stream `seed`, so any row can be drawn on its own.
std::uint64_t mix(std::uint64_t seed, std::uint64_t n) {
  std::uint64_t z = seed * 0x9E3779B97F4A7C15ull + n + 0x632BE59BD9B4E019ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double uniform(std::uint64_t seed, std::uint64_t n) {
  return static_cast<double>(mix(seed, n) >> 11) * 0x1.0p-53;
}

constexpr char id_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// An id of `length` characters: `first`, then base-36 digits of a hash of n.
void append_id(std::string& out, char first, std::size_t length, std::uint64_t seed,
               std::uint64_t n) {
  out.push_back(first);
  std::uint64_t h = mix(seed ^ 0xA5A5A5A5ull, n);
  for (std::size_t i = 1; i < length; ++i) {
    out.push_back(id_alphabet[h % 36]);
    h /= 36;
    if (h == 0) h = mix(seed, n + i * 0x10000000ull);
  }
}

void append_int(std::string& out, std::int64_t v) {
  char text[24];
  out.append(text, std::to_chars(text, text + sizeof text, v).ptr);
}

constexpr std::array<const char*, 30> categories = {"Books",
                                                    "Electronics",
                                                    "Movies",
                                                    "Music",
                                                    "Kitchen",
                                                    "Toys",
                                                    "Garden",
                                                    "Tools",
                                                    "Sports",
                                                    "Beauty",
                                                    "Health",
                                                    "Grocery",
                                                    "Automotive",
                                                    "Baby",
                                                    "Clothing",
                                                    "Shoes",
                                                    "Jewelry",
                                                    "Office",
                                                    "Pet Supplies",
                                                    "Software",
                                                    "Video Games",
                                                    "Cell Phones",
                                                    "Camera",
                                                    "Computers",
                                                    "Appliances",
                                                    "Arts",
                                                    "Crafts",
                                                    "Industrial",
                                                    "Musical Instruments",
                                                    "Watches"};
constexpr std::array<const char*, 8> adjectives = {"Deluxe", "Compact", "Classic", "Pro",
                                                   "Mini",   "Ultra",   "Basic",   "Smart"};

class Output {
 public:
  explicit Output(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "wb")) {
    if (file_ == nullptr) DTASK_THROW(IoError, "cannot open " + path + " for writing");
    text_.reserve(capacity + 256);
  }
  ~Output() {
    if (file_) std::fclose(file_);
  }
  std::string& text() { return text_; }
  void flush_if_full() {
    if (text_.size() >= capacity) flush();
  }
  void close() {
    flush();
    const bool failed = std::fclose(file_) != 0;
    file_ = nullptr;
    if (failed) DTASK_THROW(IoError, "cannot write " + path_);
  }

 private:
  static constexpr std::size_t capacity = 8 << 20;
  void flush() {
    if (std::fwrite(text_.data(), 1, text_.size(), file_) != text_.size())
      DTASK_THROW(IoError, "cannot write " + path_);
    text_.clear();
  }
  std::string path_;
  std::FILE* file_;
  std::string text_;
};

// Rating weights like Amazon's: mostly 5s and 4s.
double rating(double u) {
  if (u < 0.06) return 1.0;
  if (u < 0.11) return 2.0;
  if (u < 0.20) return 3.0;
  if (u < 0.42) return 4.0;
  return 5.0;
}

}  // namespace

void write_reviews(const std::string& path, const ReviewsOptions& options) {
  const std::int64_t rows = options.rows, products = options.products;
  const std::uint64_t seed = options.seed;
  const auto reviewers = static_cast<std::uint64_t>(std::max<std::int64_t>(1, rows / 10));
  constexpr std::int64_t first_time = 946684800;  // 2000-01-01
  constexpr std::int64_t last_time = 1419984000;  // 2014-12-31
  Output out(path);
  std::string& text = out.text();
  text.append("reviewerID,asin,overall,unixReviewTime\n");
  for (std::int64_t r = 0; r < rows; ++r) {
    const auto n = static_cast<std::uint64_t>(r) * 4;
    // u^3 puts most rows on the first reviewers; the id hash scatters them.
    const double u = uniform(seed, n);
    append_id(text, 'A', 14, seed,
              static_cast<std::uint64_t>(u * u * u * static_cast<double>(reviewers)));
    text.push_back(',');
    const double v = uniform(seed, n + 1);
    append_id(text, 'B', 10, seed + 1,
              static_cast<std::uint64_t>(v * v * static_cast<double>(products)));
    text.push_back(',');
    text.push_back(static_cast<char>('0' + static_cast<int>(rating(uniform(seed, n + 2)))));
    text.append(".0,");
    append_int(text, first_time + static_cast<std::int64_t>(uniform(seed, n + 3) *
                                                            (last_time - first_time)));
    text.push_back('\n');
    out.flush_if_full();
  }
  out.close();
}

void write_products(const std::string& path, const ReviewsOptions& options) {
  const std::int64_t products = options.products;
  const std::uint64_t seed = options.seed;
  Output out(path);
  std::string& text = out.text();
  text.append("asin,title,category,price\n");
  for (std::int64_t p = 0; p < products; ++p) {
    const auto n = static_cast<std::uint64_t>(p) * 4 + (std::uint64_t{1} << 60);
    append_id(text, 'B', 10, seed + 1, static_cast<std::uint64_t>(p));
    // "Deluxe 12"" item, no. 7": a comma and a doubled quote inside a quoted field.
    text.append(",\"");
    text.append(adjectives[mix(seed, n) % adjectives.size()]);
    text.push_back(' ');
    append_int(text, static_cast<std::int64_t>(mix(seed, n + 1) % 40 + 1));
    text.append(mix(seed, n + 1) % 3 == 0 ? "\"\" item, no. " : " item, no. ");
    append_int(text, p);
    text.append("\",");
    text.append(categories[mix(seed, n + 2) % categories.size()]);
    text.push_back(',');
    const std::uint64_t cents = mix(seed, n + 3);
    if (cents % 20 != 0) {  // 5% missing
      append_int(text, static_cast<std::int64_t>(cents % 20000 / 100));
      text.push_back('.');
      text.push_back(static_cast<char>('0' + cents / 10 % 10));
      text.push_back(static_cast<char>('0' + cents % 10));
    }
    text.push_back('\n');
    out.flush_if_full();
  }
  out.close();
}


}  // namespace dtask::dataframe::datasets
