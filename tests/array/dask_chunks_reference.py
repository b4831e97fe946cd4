"""Dask's own "auto" chunks, printed as the C++ literals of tests/array/test_chunks.cpp.

Run with the system Python that has Dask (python3-dask, 2022.12 here), outside the dask
package directory, and paste the output over the kDaskCases table:

    /usr/bin/python3 tests/array/dask_chunks_reference.py

Chunks are printed run-length encoded, {size, count} per run, to keep the table short.
"""

import dask
import dask.array  # noqa: F401  (loads the array.chunk-size default)
import numpy as np
from dask.array.core import normalize_chunks

MiB = 2**20
DEFAULT = dask.utils.parse_bytes(dask.config.get("array.chunk-size"))

# (name, chunks, shape, dtype, limit in bytes, previous chunks)
CASES = [
    ("Square float64 128MiB", "auto", (100000, 100000), "f8", DEFAULT, None),
    ("Square float32", "auto", (100000, 100000), "f4", DEFAULT, None),
    ("Square bool", "auto", (100000, 100000), "bool", DEFAULT, None),
    ("Square int64 keeps previous aspect", "auto", (100000, 100000), "i8", DEFAULT,
     ((1000,) * 100, (500,) * 200)),
    ("Auto rows whole columns", ("auto", -1), (100000, 100000), "f8", DEFAULT, None),
    ("Fixed rows auto columns", (1000, "auto"), (100000, 100000), "f8", DEFAULT, None),
    ("Mixed auto fixed whole", ("auto", 500, -1), (50000, 1000, 20), "f8", DEFAULT, None),
    ("Cube rounds the cube root down", "auto", (1000, 1000, 1000), "f8", DEFAULT, None),
    ("Short axis taken whole", "auto", (10, 100000000), "f8", DEFAULT, None),
    ("Small array is one block", "auto", (7, 13), "f8", DEFAULT, None),
    ("Tiny limit", ("auto",), (20,), "u1", 5, None),
    ("One KiB of float32", "auto", (2000,), "f4", 1024, None),
    ("Long vector", "auto", (1000000000,), "f8", DEFAULT, None),
    ("Empty axis", "auto", (0, 10), "f8", DEFAULT, None),
    ("Zero-d", "auto", (), "f8", DEFAULT, None),
    ("Previous ragged chunks", "auto", (1000, 1000), "f8", MiB,
     ((100,) * 10, (30,) * 33 + (10,))),
    ("Previous without a dominant size", "auto", (1000, 1000), "f8", MiB,
     ((100, 200, 300, 400), (50,) * 20)),
    ("Previous hits the shape boundary", "auto", (100, 1000000), "f8", DEFAULT,
     ((10,) * 10, (1000,) * 1000)),
    ("Previous with a whole axis between", ("auto", -1, "auto"), (1000, 7, 1000), "f4",
     4 * MiB, ((100,) * 10, (7,), (50,) * 20)),
    ("Previous cube", "auto", (1000, 1000, 1000), "f8", DEFAULT,
     ((100,) * 10, (50,) * 20, (1000,))),
]


def runs(chunks):
    axes = []
    for sizes in chunks:
        axis = []
        for size in sizes:
            if axis and axis[-1][0] == size:
                axis[-1][1] += 1
            else:
                axis.append([size, 1])
        axes.append("{" + ", ".join("{%d, %d}" % (s, n) for s, n in axis) + "}")
    return "{" + ", ".join(axes) + "}"


def spec(chunks, limit):
    if chunks == "auto":
        return "ChunkSpec::automatic(%d)" % limit
    axes = ", ".join("auto_chunk" if c == "auto" else str(c) for c in chunks)
    return "ChunkSpec::automatic(%d, {%s})" % (limit, axes)


def shape_literal(shape):
    return "{" + ", ".join(str(s) for s in shape) + "}"


for name, chunks, shape, dtype, limit, previous in CASES:
    expected = normalize_chunks(chunks, shape, limit=limit, dtype=dtype,
                                previous_chunks=previous)
    print('    {"%s", %s, %s, %d, %s,\n     %s},' % (
        name, spec(chunks, limit), shape_literal(shape), np.dtype(dtype).itemsize,
        runs(previous or ()), runs(expected)))
