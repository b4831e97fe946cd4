// Boost.Serialization for Eigen matrices and arrays: rows, columns, then the coefficients as
// one binary block. Included by value.hpp, so every Value can hold Eigen types.
#pragma once

#include <Eigen/Core>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/split_free.hpp>
#include <cstdint>


namespace boost::serialization {

template <class Archive, class Scalar, int R, int C, int O, int MR, int MC>
void save(Archive& ar, const Eigen::Matrix<Scalar, R, C, O, MR, MC>& m, unsigned) {
  std::int64_t rows = m.rows(), cols = m.cols();
  ar << rows << cols << boost::serialization::make_array(m.data(), m.size());
}

template <class Archive, class Scalar, int R, int C, int O, int MR, int MC>
void load(Archive& ar, Eigen::Matrix<Scalar, R, C, O, MR, MC>& m, unsigned) {
  std::int64_t rows = 0, cols = 0;
  ar >> rows >> cols;
  m.resize(rows, cols);
  ar >> boost::serialization::make_array(m.data(), m.size());
}

template <class Archive, class Scalar, int R, int C, int O, int MR, int MC>
void serialize(Archive& ar, Eigen::Matrix<Scalar, R, C, O, MR, MC>& m, unsigned version) {
  split_free(ar, m, version);
}

template <class Archive, class Scalar, int R, int C, int O, int MR, int MC>
void save(Archive& ar, const Eigen::Array<Scalar, R, C, O, MR, MC>& a, unsigned version) {
  save(ar, a.matrix().eval(), version);
}

template <class Archive, class Scalar, int R, int C, int O, int MR, int MC>
void load(Archive& ar, Eigen::Array<Scalar, R, C, O, MR, MC>& a, unsigned version) {
  Eigen::Matrix<Scalar, R, C, O, MR, MC> m;
  load(ar, m, version);
  a = m.array();
}

template <class Archive, class Scalar, int R, int C, int O, int MR, int MC>
void serialize(Archive& ar, Eigen::Array<Scalar, R, C, O, MR, MC>& a, unsigned version) {
  split_free(ar, a, version);
}

}  // namespace boost::serialization
