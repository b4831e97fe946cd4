// Every MPI call of dtask goes through DTASK_MPI_CHECK, which turns an error code into a
// dtask::MpiError naming the call. Communicators use MPI_ERRORS_RETURN, so codes do come back.
#pragma once

#include <mpi.h>

#include <string>

#include <dtask/core/error.hpp>

namespace dtask {

namespace detail {

inline std::string mpi_error_text(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) return "MPI error " + std::to_string(code);
  return std::string(text, static_cast<std::size_t>(length));
}

}  // namespace detail

}  // namespace dtask

#define DTASK_MPI_CHECK(call)                                                              \
  do {                                                                                     \
    const int dtask_mpi_code_ = (call);                                                    \
    if (dtask_mpi_code_ != MPI_SUCCESS)                                                    \
      DTASK_THROW(MpiError, std::string(#call) + ": " + ::dtask::detail::mpi_error_text(dtask_mpi_code_)); \
  } while (false)
