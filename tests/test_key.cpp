// Key: names, Dask's string form and key_split prefixes, equality, order, hashing, archives.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <dtask/core/key.hpp>
#include <sstream>
#include <unordered_set>
#include <vector>

namespace {

using dtask::Key;

Key round_trip(const Key& key) {
  std::stringstream buffer;
  {
    boost::archive::binary_oarchive out(buffer);
    out << key;
  }
  boost::archive::binary_iarchive in(buffer);
  Key back;
  in >> back;
  return back;
}

TEST(Key, PlainKeyPrintsItsName) {
  EXPECT_EQ(Key("inc-3f").str(), "inc-3f");
  EXPECT_EQ(Key("inc-3f").name(), "inc-3f");
  EXPECT_TRUE(Key("inc-3f").index().empty());
}

TEST(Key, IndexedKeyPrintsAsDaskTuple) {
  EXPECT_EQ(Key("random-9a1c", {0, 2}).str(), "('random-9a1c', 0, 2)");
  EXPECT_EQ(Key("x", {7}).str(), "('x', 7)");
  EXPECT_EQ(Key("x", {-1, 0}).str(), "('x', -1, 0)");
}

TEST(Key, IndexedKeyKeepsNameAndIndex) {
  Key key("random-9a1c", {0, -2, 70000});
  EXPECT_EQ(key.name(), "random-9a1c");
  EXPECT_EQ(key.ndim(), 3u);
  EXPECT_EQ(key.index(), (Key::Index{0, -2, 70000}));
  EXPECT_EQ(Key("plain").ndim(), 0u);
  EXPECT_EQ(Key("zero", {0}).index(), Key::Index{0});
  EXPECT_EQ(Key("zero", {0}).name(), "zero");
}

TEST(Key, EmptyIndexIsThePlainKey) {
  EXPECT_EQ(Key("x", Key::Index{}), Key("x"));
  EXPECT_EQ(Key("x", Key::Index{}).str(), "x");
}

TEST(Key, DefaultKeyHasEmptyName) {
  Key key;
  EXPECT_EQ(key.name(), "");
  EXPECT_EQ(key, Key(""));
}

TEST(Key, PrefixFollowsDaskKeySplit) {
  // The examples of dask.utils.key_split.
  EXPECT_EQ(Key("x").prefix(), "x");
  EXPECT_EQ(Key("x-1").prefix(), "x");
  EXPECT_EQ(Key("x-1-2-3").prefix(), "x");
  EXPECT_EQ(Key("x-2", {1}).prefix(), "x");
  EXPECT_EQ(Key("hello-world-1").prefix(), "hello-world");
  EXPECT_EQ(Key("x-abcdefab").prefix(), "x");
  EXPECT_EQ(Key("random_sample-9a1c").prefix(), "random_sample");
  EXPECT_EQ(Key("inc-3f").prefix(), "inc");
  EXPECT_EQ(Key("float-sum-deadbeef-4").prefix(), "float-sum");
}

TEST(Key, KeyPrefixFunctionMatchesMember) {
  for (const char* name : {"x", "x-1", "hello-world-1", "x-abcdefab", "a-b-c", "sum-0"})
    EXPECT_EQ(dtask::key_prefix(name), Key(name).prefix()) << name;
  EXPECT_EQ(dtask::key_prefix("a-b-c"), "a-b-c");
}

TEST(Key, EqualKeysCompareEqualAndHashEqual) {
  Key a("x", {1, 2});
  Key b(std::string("x"), Key::Index{1, 2});
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_EQ(dtask::KeyHash{}(a), dtask::KeyHash{}(b));
  Key copy = a;
  EXPECT_EQ(copy, a);
}

TEST(Key, NameAndIndexBothDistinguishKeys) {
  EXPECT_NE(Key("x", {1}), Key("x"));
  EXPECT_NE(Key("x", {1, 2}), Key("x", {2, 1}));
  EXPECT_NE(Key("x", {1}), Key("y", {1}));
  EXPECT_NE(Key("x", {0}), Key("x", {0, 0}));
}

TEST(Key, OrdersByNameThenIndex) {
  std::vector<Key> keys{Key("b"), Key("a", {2}), Key("a", {1, 5}), Key("a"), Key("a", {1}), Key("ab")};
  std::sort(keys.begin(), keys.end());
  std::vector<Key> expected{Key("a"), Key("a", {1}), Key("a", {1, 5}), Key("a", {2}), Key("ab"), Key("b")};
  EXPECT_EQ(keys, expected);
  EXPECT_FALSE(Key("a") < Key("a"));
}

TEST(Key, DistinctKeysGetDistinctHashes) {
  std::unordered_set<std::size_t> hashes;
  std::size_t count = 0;
  for (int i = 0; i < 100; ++i) {
    for (int j = 0; j < 50; ++j) {
      hashes.insert(Key("chunk", {i, j}).hash());
      ++count;
    }
    hashes.insert(Key("chunk-" + std::to_string(i)).hash());
    ++count;
  }
  EXPECT_EQ(hashes.size(), count);
}

TEST(Key, WorksInUnorderedSetWithKeyHash) {
  std::unordered_set<Key, dtask::KeyHash> set;
  for (int i = 0; i < 1000; ++i) set.insert(Key("k", {i % 250}));
  EXPECT_EQ(set.size(), 250u);
  EXPECT_EQ(set.count(Key("k", {249})), 1u);
  EXPECT_EQ(set.count(Key("k", {250})), 0u);
}

TEST(Key, SurvivesBinaryArchiveRoundTrip) {
  for (const Key& key : {Key("x"), Key(""), Key("('odd' name)", {-3, 0, 2147483647}), Key("y", {1, 2, 3, 4, 5, 6})}) {
    Key back = round_trip(key);
    EXPECT_EQ(back, key);
    EXPECT_EQ(back.hash(), key.hash());
    EXPECT_EQ(back.str(), key.str());
  }
}

}  // namespace
