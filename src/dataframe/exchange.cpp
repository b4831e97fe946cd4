#include "exchange.hpp"

namespace dtask::dataframe {

namespace {

Table exchange_piece(const std::vector<Table>& pieces, std::int64_t j) {
  return pieces.at(static_cast<std::size_t>(j));
}

// A list of keys as the argument gives pointers to their values, not copies.
Table concat_tables(const std::vector<const Table*>& tables) {
  if (tables.size() == 1) return *tables.front();
  return Table::concat(tables);
}

const Function& piece_function = register_function("dataframe.exchange_piece", &exchange_piece);
const Function& concat_tables_function = register_function("dataframe.concat", &concat_tables);

Key::Index piece_index(std::int64_t input, std::int64_t output) {
  return Key::Index{static_cast<std::int32_t>(input), static_cast<std::int32_t>(output)};
}

}  // namespace

KeyList Exchange::pieces_for(std::int64_t output) const {
  KeyList parts;
  for (std::int64_t i = 0; i < inputs; ++i) parts.emplace_back(piece_name, piece_index(i, output));
  return parts;
}

Exchange exchange(const DataFrame& frame, const std::string& prefix, const Function& split,
                  const std::vector<Value>& args, std::int64_t npieces) {
  const std::int64_t inputs = frame.npartitions();
  const std::string split_name = unique_name(prefix + "_split");
  Layer::Tasks splits;
  for (std::int64_t i = 0; i < inputs; ++i) {
    Task::Args split_args{frame.key(i)};
    for (const Value& v : args) split_args.emplace_back(v);
    split_args.emplace_back(Value(npieces));
    splits.emplace_back(Key(split_name, {static_cast<std::int32_t>(i)}),
                        Task(split, std::move(split_args)));
  }
  LayerPtrs frame_layers(frame.graph().tops().begin(), frame.graph().tops().end());
  auto split_layer = std::make_shared<const Layer>(split_name, std::move(splits), frame_layers);

  Exchange out;
  out.inputs = inputs;
  out.piece_name = unique_name(prefix + "_piece");
  Layer::Tasks pieces;
  for (std::int64_t i = 0; i < inputs; ++i) {
    for (std::int64_t j = 0; j < npieces; ++j) {
      pieces.emplace_back(
          Key(out.piece_name, piece_index(i, j)),
          Task(piece_function, {Key(split_name, {static_cast<std::int32_t>(i)}), Value(j)}));
    }
  }
  out.pieces =
      std::make_shared<const Layer>(out.piece_name, std::move(pieces), LayerPtrs{split_layer});
  return out;
}

const Function& concat_function() { return concat_tables_function; }

}  // namespace dtask::dataframe
