// PartsDatatype: the parts of one raw value (raw_form.hpp) as one MPI datatype over their
// absolute addresses, to send from or receive into MPI_BOTTOM: a value made of many buffers (a
// table's columns) moves as one message, straight from and into its buffers, never packed.
//
//   const PartsDatatype type(form.parts);
//   DTASK_MPI_CHECK(MPI_Isend(MPI_BOTTOM, 1, type.get(), peer, tag, comm, &request));
//
// Freed when this object goes, which may be before the operation completes: MPI keeps a
// datatype that a posted operation still uses.
#pragma once

#include <mpi.h>

#include <cstddef>
#include <span>
#include <vector>

#include "mpi_check.hpp"

namespace dtask::mpi {

class PartsDatatype {
 public:
  // Every part at most INT_MAX bytes (the caller checks the total).
  template <class Byte>
  explicit PartsDatatype(const std::vector<std::span<Byte>>& parts) {
    std::vector<int> lengths;
    std::vector<MPI_Aint> addresses;
    lengths.reserve(parts.size());
    addresses.reserve(parts.size());
    for (const auto& part : parts) {
      MPI_Aint address = 0;
      DTASK_MPI_CHECK(MPI_Get_address(part.data(), &address));
      lengths.push_back(static_cast<int>(part.size()));
      addresses.push_back(address);
    }
    DTASK_MPI_CHECK(MPI_Type_create_hindexed(static_cast<int>(parts.size()), lengths.data(),
                                             addresses.data(), MPI_BYTE, &type_));
    try {
      DTASK_MPI_CHECK(MPI_Type_commit(&type_));
    } catch (...) {
      MPI_Type_free(&type_);
      throw;
    }
  }
  ~PartsDatatype() { MPI_Type_free(&type_); }
  PartsDatatype(const PartsDatatype&) = delete;
  PartsDatatype& operator=(const PartsDatatype&) = delete;

  MPI_Datatype get() const noexcept { return type_; }

 private:
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
};

}  // namespace dtask::mpi
