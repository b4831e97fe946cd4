"""Compares dtask's groupby, value_counts, nunique and drop_duplicates with pandas'.

Runs groupby_pandas_check under mpiexec at the given np; it writes DIR/input.csv (a random
table) and DIR/<case>.csv (its results). pandas reads input.csv with nullable dtypes (a missing
key is dropped by groupby, as dtask drops it) and computes each case; results must agree cell by
cell (floats to a relative 1e-9; rows of groupbys in key order, which both sort by).

    check_groupby_pandas.py MPIEXEC NP BINARY
"""
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

DTYPES = {"k_int": "Int64", "k_str": "string", "k_bool": "boolean", "k_float": "float64",
          "v_int": "Int64", "v_float": "float64", "v_str": "string", "v_bool": "boolean"}


def named(column, aggs):
    return {f"{column}_{a}": (column, a) for a in aggs}


def same(expected, got, name, ordered=True):
    expected = expected.reset_index(drop=False) if expected.index.name or expected.index.names[0] else expected
    if list(expected.columns) != list(got.columns):
        sys.exit(f"{name}: columns {list(got.columns)}, pandas has {list(expected.columns)}")
    if len(expected) != len(got):
        sys.exit(f"{name}: {len(got)} rows, pandas has {len(expected)}")
    if not ordered:
        keys = list(expected.columns[:1])
        expected = expected.sort_values(keys, kind="stable").reset_index(drop=True)
        got = got.sort_values(keys, kind="stable").reset_index(drop=True)
    for column in expected.columns:
        e, g = expected[column], got[column]
        if pd.api.types.is_numeric_dtype(e) and not pd.api.types.is_bool_dtype(e):
            e = e.astype("float64").to_numpy(na_value=np.nan)
            g = pd.to_numeric(g).astype("float64").to_numpy(na_value=np.nan)
            ok = np.isclose(e, g, rtol=1e-9, atol=0, equal_nan=True)
        else:
            e = e.astype("string").fillna("<NA>").to_numpy()
            g = g.astype("string").fillna("<NA>").to_numpy()
            ok = e == g
        if not ok.all():
            row = int(np.argmin(ok))
            sys.exit(f"{name}: column {column} row {row}: dtask {g[row]!r}, pandas {e[row]!r}")
    print(f"{name}: {len(got)} rows agree with pandas")


def main():
    mpiexec, np_, binary = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as directory:
        subprocess.run([mpiexec, "-n", np_, "--oversubscribe", binary, "--dir", directory, "--threads", "1"],
                       check=True)
        df = pd.read_csv(f"{directory}/input.csv", dtype=DTYPES)

        def result(case, dtypes=None):
            return pd.read_csv(f"{directory}/{case}.csv", dtype=dtypes or {})

        numeric = ["sum", "mean", "count", "min", "max", "var", "std", "first", "last", "nunique"]
        expected = df.groupby("k_str").agg(**named("v_float", numeric), size=("v_float", "size"))
        same(expected, result("str_float", {"k_str": "string"}), "groupby k_str over v_float")

        expected = df.groupby("k_int").agg(**named("v_int", numeric))
        same(expected, result("int_int"), "groupby k_int over v_int, split_out 3", ordered=False)

        expected = df.groupby(["k_str", "k_bool"]).agg(
            **named("v_str", ["count", "min", "max", "first", "last", "nunique"]), **named("v_bool", ["sum", "mean"]))
        same(expected, result("strbool_str", {"k_str": "string", "k_bool": "boolean", "v_str_min": "string",
                                               "v_str_max": "string", "v_str_first": "string",
                                               "v_str_last": "string"}), "groupby k_str, k_bool")

        grouped = df.groupby("k_float")["v_int"]
        expected = pd.DataFrame({"v_int_mean": grouped.mean(), "v_int_var": grouped.var(ddof=0),
                                 "v_int_std": grouped.std(ddof=0)})
        same(expected, result("float_ddof0"), "groupby k_float, ddof 0")

        accumulated = ["sum", "mean", "count", "min", "max", "first", "last"]
        expected = df.groupby("k_str").agg(**named("v_float", accumulated), **named("v_int", ["sum", "min", "max"]),
                                           **named("v_bool", ["sum", "mean"]), size=("v_float", "size"))
        same(expected, result("csv_str", {"k_str": "string"}), "groupby k_str of read_csv ranges")

        expected = df.groupby("k_int").agg(**named("v_float", ["mean", "count", "first", "last"]))
        same(expected, result("csv_int"), "groupby k_int of read_csv ranges, split_out 2", ordered=False)

        counts = df["k_str"].value_counts().rename("count").rename_axis("k_str").reset_index()
        counts = counts.sort_values("k_str", kind="stable").sort_values("count", ascending=False, kind="stable")
        same(counts.reset_index(drop=True), result("value_counts", {"k_str": "string"}), "value_counts")

        nunique = int(result("nunique")["nunique"][0])
        if nunique != df["v_str"].nunique():
            sys.exit(f"nunique: dtask {nunique}, pandas {df['v_str'].nunique()}")
        print("nunique agrees with pandas")

        expected = df.drop_duplicates(["k_int", "v_str"]).reset_index(drop=True)
        same(expected, result("drop_duplicates", DTYPES), "drop_duplicates")


if __name__ == "__main__":
    main()
