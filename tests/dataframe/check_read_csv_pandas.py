"""pandas and dtask agree on CSV files: odd files (quoted delimiters and newlines, doubled
quotes, empty fields, NA spellings, CRLF, no final newline, one row, make_reviews'
files) are read by dtask (csv_roundtrip_app under mpiexec at the given rank count, at several
blocksizes) and written back; pandas reads the original and dtask's copy, and both must hold the
same values, missing values and types.
   check_read_csv_pandas.py MPIEXEC NP CSV_ROUNDTRIP_APP MAKE_REVIEWS"""
import os, subprocess, sys, tempfile
import numpy as np
import pandas as pd

mpiexec, np_ranks, app, make_reviews = sys.argv[1:5]

# file text, and whether a byte-range boundary may fall anywhere (not inside a quoted newline:
# that file is read as one partition)
cases = {
    "quoted": ('name,text,n\n"x,y","say ""hi""",1\nplain,"",2\n"a ""b"", c",tail,3\n', True),
    "newline_in_quotes": ('k,v\n1,"two\nlines"\n2,"three\r\nlines"\n3,x\n', False),
    "empty_and_na": ("a,b,c,d\n1,,x,\n,2.5,NA,\nNaN,N/A,null,\n4,-1e3,<NA>,\n", True),
    "crlf_no_final_newline": ("i,s\r\n1,x\r\n2,y\r\n3,z", True),
    "bools": ("f,g\nTrue,true\nFalse,FALSE\nTRUE,false\n", True),
    "floats": ("x,y\n0.1,1e-300\n-2.5,1.7976931348623157e308\n3,0.30000000000000004\n1e16,-0\n", True),
    "one_row": ("a,b,c\n7,x,2.5\n", True),
    "blank_lines": ("a,b\n1,2\n\n3,4\n\n", True),
    "wide_ints": ("big,neg\n9007199254740993,-9223372036854775808\n1,2\n", True),
}


def kind(series):
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int64"
    if pd.api.types.is_float_dtype(series):
        return "float64"
    return "string"


def expected_type(series):
    """The type dtask gives the column pandas read: ints with missing values stay int64 and
    bools with missing values stay bool (pandas, without nullable types, says float64 / object)."""
    present = series.dropna()
    if kind(series) == "string" and len(present) and present.map(lambda v: isinstance(v, bool)).all():
        return "bool"
    if kind(series) == "float64" and len(present) and series.isna().any() and \
            (present == present.round()).all() and present.abs().max() < 2**53:
        return "float64 or int64"
    if kind(series) == "string" and len(series) and series.isna().all():
        return "float64"
    return kind(series)


def same_column(name, ours, theirs, file):
    assert (ours.isna().values == theirs.isna().values).all(), (file, name, "missing values differ", list(ours), list(theirs))
    a, b = ours.dropna(), theirs.dropna()
    if kind(theirs) in ("int64", "float64") and kind(ours) in ("int64", "float64"):
        assert np.array_equal(a.to_numpy(), b.to_numpy()), (file, name, list(a), list(b))
    else:
        assert [str(v) for v in a] == [str(v) for v in b], (file, name, list(a), list(b))


def check(file, out, dtypes):
    theirs = pd.read_csv(file, float_precision="round_trip")
    # dtask's copy, its string columns kept as text
    strings = {n: object for n, t in dtypes.items() if t == "string"}
    ours = pd.read_csv(out, float_precision="round_trip", dtype=strings)
    assert list(ours.columns) == list(theirs.columns), (file, list(ours.columns), list(theirs.columns))
    assert len(ours) == len(theirs), (file, len(ours), len(theirs))
    for name in theirs.columns:
        want = expected_type(theirs[name])
        assert dtypes[name] in want.split(" or "), (file, name, dtypes[name], want)
        if dtypes[name] == "int64" and len(theirs) and theirs[name].dropna().abs().max() >= 2**53:
            # pandas reads exact int64s: compare as integers
            assert list(ours[name]) == list(theirs[name]), (file, name)
            continue
        same_column(name, ours[name], theirs[name], file)


def run(file, out, blocksize):
    done = subprocess.run([mpiexec, "-n", np_ranks, "--oversubscribe", app, "--threads", "1", "--input", file,
                           "--output", out, "--blocksize", str(blocksize)],
                          check=True, timeout=120, capture_output=True, text=True)
    dtypes = {}
    for line in done.stdout.splitlines():
        if line.startswith("dtype "):
            _, name, type_name = line.split(" ")
            dtypes[name] = type_name
    return dtypes


with tempfile.TemporaryDirectory() as tmp:
    for name, (text, cut_anywhere) in cases.items():
        file = os.path.join(tmp, name + ".csv")
        with open(file, "w", newline="") as f:
            f.write(text)
        for blocksize in ([0, 1, 7, 16] if cut_anywhere else [1 << 20]):
            out = os.path.join(tmp, name + "_out.csv")
            check(file, out, run(file, out, blocksize))
    reviews, products = os.path.join(tmp, "reviews.csv"), os.path.join(tmp, "products.csv")
    for seed, (r, p) in (("1", (reviews + ".again", products + ".again")), ("42", (reviews, products))):
        subprocess.run([make_reviews, "--rows", "3000", "--products", "200", "--reviews", r,
                        "--products-csv", p, "--seed", seed], check=True, timeout=60, capture_output=True)
    assert open(reviews, "rb").read() != open(reviews + ".again", "rb").read(), "the seed changes nothing"
    subprocess.run([make_reviews, "--rows", "3000", "--products", "200", "--reviews", reviews + ".again",
                    "--products-csv", products + ".again"], check=True, timeout=60, capture_output=True)
    assert open(reviews, "rb").read() == open(reviews + ".again", "rb").read(), "make_reviews is not deterministic"
    assert open(products, "rb").read() == open(products + ".again", "rb").read(), "make_reviews is not deterministic"
    for file in (reviews, products):
        out = file + ".out.csv"
        for blocksize in (0, 5000):
            check(file, out, run(file, out, blocksize))
    leftovers = [f for f in os.listdir(tmp) if ".tmp" in f]
    assert not leftovers, ("temporary files left behind", leftovers)
print("pandas agrees with dtask on", len(cases) + 2, "CSV files at np", np_ranks)
