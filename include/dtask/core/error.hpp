// The one exception hierarchy of dtask. Every error is a dtask::Error, thrown through
// DTASK_THROW so that it records where it was raised:
//
//   if (!found) DTASK_THROW(KeyError, "no task defines key '" + key.str() + "'");
#pragma once

#include <stdexcept>
#include <string>

namespace dtask {

class Error : public std::runtime_error {
 public:
  Error(const std::string& message, const char* file, int line)
      : std::runtime_error(message), file_(file), line_(line) {}

  const char* file() const noexcept { return file_; }
  int line() const noexcept { return line_; }

 private:
  const char* file_;
  int line_;
};

// A graph that cannot run: a cycle, a key no task defines, an unknown function.
class GraphError : public Error {
  using Error::Error;
};

// A value of one type was asked for as another.
class TypeError : public Error {
  using Error::Error;
};

// A task's function threw; the message names the task's key and the original message.
class TaskError : public Error {
 public:
  TaskError(const std::string& key, const std::string& cause, const char* file, int line)
      : Error("task '" + key + "' failed: " + cause, file, line), key_(key), cause_(cause) {}

  const std::string& key() const noexcept { return key_; }
  const std::string& cause() const noexcept { return cause_; }

 private:
  std::string key_;
  std::string cause_;
};

// An MPI call failed, or a rank broke the protocol.
class MpiError : public Error {
  using Error::Error;
};

// Bad arguments to a dtask call (options, shapes, counts).
class ValueError : public Error {
  using Error::Error;
};

// A file could not be read or written: missing, unreadable, corrupt, or of the wrong content.
// The message names the file (and the dataset, for HDF5).
class IoError : public Error {
  using Error::Error;
};

// A matrix that the algorithm cannot factor or solve: not positive definite, singular, or of
// a shape or chunking the algorithm does not take (NumPy's LinAlgError). Thrown inside a task,
// it reaches compute() as a TaskError with the same message.
class LinAlgError : public Error {
  using Error::Error;
};

}  // namespace dtask

#define DTASK_THROW(Kind, ...) throw ::dtask::Kind(__VA_ARGS__, __FILE__, __LINE__)
