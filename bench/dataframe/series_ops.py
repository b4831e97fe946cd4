"""pandas on the rows of series_ops.cpp.   python3 series_ops.py [ROWS]"""
import sys, time
import numpy as np
import pandas as pd

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
r = np.arange(rows, dtype=np.int64)
f = pd.DataFrame({"x": (r * 7907 % 2003) * 0.25 - 250, "k": r % 1000,
                  "name": pd.Series(["key%d" % i for i in range(50)])[r % 50].to_numpy()})

def timed(what, fn):
    start = time.perf_counter()
    result = fn()
    print("%-28s %8.3f s   (%.6g)" % (what, time.perf_counter() - start, result))

timed("sum(x)", lambda: f["x"].sum())
timed("sum(x * 2 + k)", lambda: (f["x"] * 2.0 + f["k"]).sum())
timed("sum(x > 0)", lambda: (f["x"] > 0).sum())
timed("sum(name == 'key7')", lambda: (f["name"] == "key7").sum())
timed("len(f[(x > 0) & (k < 500)])", lambda: len(f[(f["x"] > 0) & (f["k"] < 500)]))
timed("var(x)", lambda: f["x"].var())
timed("describe()", lambda: f.describe().loc["50%", "x"])
