// Everything a dtask program needs: #include <dtask/dtask.hpp>.
#pragma once

#include <dtask/array/array.hpp>
#include <dtask/array/concatenate.hpp>
#include <dtask/array/creation.hpp>
#include <dtask/array/elementwise.hpp>
#include <dtask/array/products.hpp>
#include <dtask/array/reductions.hpp>
#include <dtask/array/rechunk.hpp>
#include <dtask/array/reshape.hpp>
#include <dtask/array/slicing.hpp>
#include <dtask/array/transpose.hpp>
#include <dtask/core/chunk.hpp>
#include <dtask/core/error.hpp>
#include <dtask/core/function.hpp>
#include <dtask/core/graph.hpp>
#include <dtask/core/key.hpp>
#include <dtask/core/value.hpp>
#include <dtask/delayed.hpp>
#include <dtask/diagnostics/dot.hpp>
#include <dtask/mpi/runtime.hpp>
#include <dtask/sched/scheduler.hpp>
