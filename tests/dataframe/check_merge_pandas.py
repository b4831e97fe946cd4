"""pandas and dtask agree on merges: merge_cases (under mpiexec at the given rank count) writes
two tables and their merges for every how and key set by both plans; pandas merges the same
files and the results must hold the same rows (as multisets: a partitioned merge has its own
row order) under the same column names. pandas turns an int64 column with missing values into
float64, so values are compared as numbers where either side is numeric.
   check_merge_pandas.py MPIEXEC NP MERGE_CASES"""
import os, subprocess, sys, tempfile
import pandas as pd

mpiexec, np_ranks, cases = sys.argv[1], sys.argv[2], sys.argv[3]


def canonical(frame):
    """Rows as tuples of text, numbers as floats' repr, missing as one marker; sorted."""
    columns = []
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_numeric_dtype(col):
            columns.append(["<NA>" if pd.isna(x) else repr(float(x)) for x in col])
        else:
            columns.append(["<NA>" if pd.isna(x) else str(x) for x in col])
    return sorted(zip(*columns))


with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([mpiexec, "-n", np_ranks, "--oversubscribe", cases, tmp, "--threads", "1"], check=True, timeout=120)
    left = pd.read_csv(os.path.join(tmp, "left.csv"))
    right = pd.read_csv(os.path.join(tmp, "right.csv"))
    checked = 0
    for how in ("inner", "left", "right", "outer"):
        for on in (["k"], ["s"], ["k", "s"]):
            expected = pd.merge(left, right, how=how, on=on)
            for broadcast in (1, 5):
                path = os.path.join(tmp, "%s_%s_%d.csv" % (how, "+".join(on), broadcast))
                got = pd.read_csv(path)
                assert list(got.columns) == list(expected.columns), (path, list(got.columns), list(expected.columns))
                assert len(got) == len(expected), (path, len(got), len(expected))
                assert canonical(got) == canonical(expected), path
                checked += 1
print("pandas agrees with dtask on", checked, "merges at np", np_ranks)
