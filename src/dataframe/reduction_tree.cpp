#include "reduction_tree.hpp"

#include <algorithm>

namespace dtask::dataframe {

namespace {

const Function& pack_piece_function = register_function(
    "dataframe.pack_piece", +[](const std::vector<std::vector<Table>>& pieces, std::int64_t j) {
      return pieces.at(static_cast<std::size_t>(j));
    });

Task::Args with_extra(Arg first, const std::vector<Value>& extra) {
  Task::Args args{std::move(first)};
  for (const Value& v : extra) args.emplace_back(v);
  return args;
}

LayerPtr make_layer(const std::string& name, Layer::Tasks tasks, LayerPtrs dependencies) {
  return std::make_shared<const Layer>(name, std::move(tasks), std::move(dependencies));
}

}  // namespace

Table concat_packs(const std::vector<std::vector<Table>>& packs, std::size_t item) {
  std::vector<const Table*> parts;
  parts.reserve(packs.size());
  for (const std::vector<Table>& p : packs) parts.push_back(&p.at(item));
  return Table::concat(parts);
}

DataFrame tree_reduce(const DataFrame& frame, const std::string& prefix, const TreeReduction& tree, Schema meta) {
  if (tree.split_every < 2) DTASK_THROW(ValueError, "split_every must be at least 2, not " + std::to_string(tree.split_every));
  if (tree.split_out < 1) DTASK_THROW(ValueError, "split_out must be at least 1, not " + std::to_string(tree.split_out));
  if (tree.split_out > 1 && !tree.split) DTASK_THROW(ValueError, "this reduction has one output partition");
  const std::int64_t inputs = frame.npartitions();
  const std::int64_t outputs = tree.split_out;

  const std::string partial_name = unique_name(prefix + "-partial");
  Layer::Tasks partials;
  for (std::int64_t i = 0; i < inputs; ++i) {
    partials.emplace_back(Key(partial_name, {static_cast<std::int32_t>(i)}),
                          Task(*tree.partial, with_extra(frame.key(i), tree.extra)));
  }
  LayerPtr layer = make_layer(partial_name, std::move(partials),
                              LayerPtrs(frame.graph().tops().begin(), frame.graph().tops().end()));

  // leaves[j][i]: the pack of input i for output j.
  std::vector<KeyList> leaves(static_cast<std::size_t>(outputs));
  if (outputs == 1) {
    for (std::int64_t i = 0; i < inputs; ++i) leaves[0].emplace_back(partial_name, Key::Index{static_cast<std::int32_t>(i)});
  } else {
    const std::string split_name = unique_name(prefix + "-split");
    Layer::Tasks splits;
    for (std::int64_t i = 0; i < inputs; ++i) {
      Task::Args args = with_extra(Key(partial_name, {static_cast<std::int32_t>(i)}), tree.extra);
      args.emplace_back(Value(outputs));
      splits.emplace_back(Key(split_name, {static_cast<std::int32_t>(i)}), Task(*tree.split, std::move(args)));
    }
    layer = make_layer(split_name, std::move(splits), {layer});
    const std::string piece_name = unique_name(prefix + "-piece");
    Layer::Tasks pieces;
    for (std::int64_t i = 0; i < inputs; ++i) {
      for (std::int64_t j = 0; j < outputs; ++j) {
        Key key(piece_name, {static_cast<std::int32_t>(i), static_cast<std::int32_t>(j)});
        pieces.emplace_back(key, Task(pack_piece_function, {Key(split_name, {static_cast<std::int32_t>(i)}), Value(j)}));
        leaves[static_cast<std::size_t>(j)].push_back(key);
      }
    }
    layer = make_layer(piece_name, std::move(pieces), {layer});
  }

  // Combine levels until split_every or fewer packs remain per output.
  while (static_cast<std::int64_t>(leaves[0].size()) > tree.split_every) {
    const std::string level_name = unique_name(prefix + "-combine");
    Layer::Tasks combines;
    for (std::size_t j = 0; j < leaves.size(); ++j) {
      KeyList next;
      for (std::size_t begin = 0; begin < leaves[j].size(); begin += static_cast<std::size_t>(tree.split_every)) {
        const std::size_t end = std::min(leaves[j].size(), begin + static_cast<std::size_t>(tree.split_every));
        Key key(level_name, {static_cast<std::int32_t>(j), static_cast<std::int32_t>(next.size())});
        KeyList group(leaves[j].begin() + static_cast<std::ptrdiff_t>(begin), leaves[j].begin() + static_cast<std::ptrdiff_t>(end));
        combines.emplace_back(key, Task(*tree.combine, with_extra(std::move(group), tree.extra)));
        next.push_back(std::move(key));
      }
      leaves[j] = std::move(next);
    }
    layer = make_layer(level_name, std::move(combines), {layer});
  }

  const std::string name = unique_name(prefix);
  Layer::Tasks finals;
  for (std::size_t j = 0; j < leaves.size(); ++j) {
    finals.emplace_back(Key(name, {static_cast<std::int32_t>(j)}), Task(*tree.finalize, with_extra(std::move(leaves[j]), tree.extra)));
  }
  layer = make_layer(name, std::move(finals), {layer});
  return DataFrame(Graph(std::move(layer)), name, std::move(meta), outputs);
}

}  // namespace dtask::dataframe
