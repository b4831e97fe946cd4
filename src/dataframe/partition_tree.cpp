#include "partition_tree.hpp"

#include <algorithm>

namespace dtask::dataframe::detail {

TreeTop partition_tree(const std::string& prefix, const DataFrame& frame, const Function& partial,
                       const Task::Args& extra, const Function& combine) {
  std::string name = unique_name(prefix + "-partial");
  Layer::Tasks tasks;
  std::vector<Key> keys;
  for (std::int64_t i = 0; i < frame.npartitions(); ++i) {
    Task::Args args{frame.key(i)};
    args.insert(args.end(), extra.begin(), extra.end());
    keys.emplace_back(name, Key::Index{static_cast<std::int32_t>(i)});
    tasks.emplace_back(keys.back(), Task(partial, std::move(args)));
  }
  LayerPtr layer = std::make_shared<const Layer>(name, std::move(tasks), frame.graph().tops());
  while (keys.size() > 1) {
    std::string level = unique_name(prefix + "-combine");
    Layer::Tasks combines;
    std::vector<Key> next;
    for (std::size_t begin = 0; begin < keys.size(); begin += split_every) {
      const std::size_t end = std::min(keys.size(), begin + split_every);
      next.emplace_back(level, Key::Index{static_cast<std::int32_t>(next.size())});
      combines.emplace_back(
          next.back(), Task(combine, {KeyList(keys.begin() + static_cast<std::ptrdiff_t>(begin),
                                              keys.begin() + static_cast<std::ptrdiff_t>(end))}));
    }
    layer = std::make_shared<const Layer>(level, std::move(combines), LayerPtrs{layer});
    keys = std::move(next);
  }
  return {Graph(layer), keys.front()};
}

TreeTop finish_tree(const std::string& prefix, const TreeTop& top, const Function& finish,
                    const Task::Args& extra) {
  std::string name = unique_name(prefix);
  Key key(name);
  Task::Args args{top.key};
  args.insert(args.end(), extra.begin(), extra.end());
  Layer::Tasks tasks;
  tasks.emplace_back(key, Task(finish, std::move(args)));
  auto layer = std::make_shared<const Layer>(name, std::move(tasks), top.graph.tops());
  return {Graph(std::move(layer)), std::move(key)};
}

}  // namespace dtask::dataframe::detail
