"""h5py and pandas agree with dtask's DataFrame.to_hdf5, describe and reductions: frame_to_hdf5
(under mpiexec at the given rank count) writes a filtered frame with computed columns; pandas
rebuilds the same rows from the same formula; quantiles are compared exactly for partitions of
at most 1001 values and within the documented rank bound for larger ones.
   check_to_hdf5.py MPIEXEC NP FRAME_TO_HDF5"""
import os, subprocess, sys, tempfile
import h5py
import numpy as np
import pandas as pd

mpiexec, np_ranks, program = sys.argv[1], sys.argv[2], sys.argv[3]


def rebuild(rows):
    """The rows frame_to_hdf5 writes, by the same formula."""
    r = np.arange(rows, dtype=np.int64)
    frame = pd.DataFrame({
        "i": r,
        "a": pd.array(r * 7919 % 1000 - 500, dtype="Int64"),
        "x": np.where(r % 13 == 5, np.nan, (r * 7907 % 2003) * 0.25 - 250),
        "flag": r % 3 == 0,
    })
    frame.loc[r % 17 == 0, "a"] = pd.NA
    kept = frame[(frame["x"] > -50).fillna(False)].copy()
    kept["z"] = kept["a"].astype("float64") * 2 + kept["x"]
    kept["big"] = (kept["a"] > 100).astype("float64")
    kept.loc[kept["a"].isna(), "big"] = np.nan
    return kept


def rank_bound(kept, column, rows, partitions):
    """quantile_summary.hpp's E: sum over partitions of ceil((n_i - 1) / 1000) for n_i > 1001."""
    bound = 0
    for p in range(partitions):
        begin, end = rows * p // partitions, rows * (p + 1) // partitions
        n = kept[column][(kept["i"] >= begin) & (kept["i"] < end)].count()
        if n > 1001:
            bound += (n - 1 + 999) // 1000
    return bound


def check(rows, partitions):
    kept = rebuild(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "frame.h5")
        result = subprocess.run([mpiexec, "-n", np_ranks, "--oversubscribe", program, "--threads", "1", path,
                                 str(rows), str(partitions)], check=True, timeout=120, capture_output=True, text=True)
        assert os.listdir(tmp) == ["frame.h5"], os.listdir(tmp)
        with h5py.File(path, "r") as f:
            assert sorted(f["frame"].keys()) == ["a", "big", "flag", "i", "x", "z"], list(f["frame"].keys())
            assert f["frame/i"].dtype == np.int64 and f["frame/flag"].dtype == np.bool_
            assert f["frame/a"].dtype == np.float64, "int64 with missing values is written as float64"
            for name in ["i", "flag", "a", "x", "z", "big"]:
                expected = kept[name].astype("float64" if name in ("a", "big") else kept[name].dtype).to_numpy()
                got = f["frame/" + name][...]
                assert got.shape == expected.shape, (name, got.shape, expected.shape)
                assert np.array_equal(got, expected, equal_nan=got.dtype == np.float64), name

    numbers = kept[["i", "a", "x", "z"]].astype("float64")
    described = numbers.describe()
    checked = 0
    for line in result.stdout.splitlines():
        words = line.split()
        if words[0] == "describe":
            column, statistic, value = words[1], words[2], float(words[3])
            want = described.loc[statistic, column]
            bound = rank_bound(kept, column, rows, partitions)
            if statistic.endswith("%") and bound > 0:
                # An estimate: a value within the rank bound of the exact quantile.
                values = np.sort(numbers[column].dropna().to_numpy())
                position = float(statistic[:-1]) / 100 * (len(values) - 1)
                low = values[max(0, int(np.floor(position)) - bound)]
                high = values[min(len(values) - 1, int(np.ceil(position)) + bound)]
                assert low <= value <= high, (column, statistic, value, low, high, bound)
            else:
                assert np.isclose(value, want, rtol=1e-12, atol=1e-9), (column, statistic, value, want)
            checked += 1
        elif words[0] == "len":
            assert int(words[1]) == len(kept), line
        elif words[:2] == ["sum", "z"]:
            assert np.isclose(float(words[2]), kept["z"].sum(), rtol=1e-12), line
        elif words[:2] == ["var", "z"]:
            assert np.isclose(float(words[2]), kept["z"].var(), rtol=1e-12), line
        elif words[:2] == ["count", "z"]:
            assert int(words[2]) == kept["z"].count(), line
    assert checked == 4 * 8, result.stdout


check(5003, 7)   # partitions of at most 1001 values: exact quantiles
check(40009, 3)  # larger partitions: estimated quantiles within the rank bound
print("h5py and pandas agree with dtask's to_hdf5 and describe at np", np_ranks)
