"""The merge app against pandas: make_reviews writes reviews and products files, csv_merge
merges them on asin and takes the mean of overall per category at the given rank count, and
pandas does the same from the same files. Every category's mean and the sum must agree.

  check_csv_merge.py MPIEXEC NP CSV_MERGE MAKE_REVIEWS
"""
import os
import subprocess
import sys
import tempfile

import pandas as pd


def main():
    mpiexec, np, app, make_reviews = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    with tempfile.TemporaryDirectory() as tmp:
        reviews, products = os.path.join(tmp, "reviews.csv"), os.path.join(tmp, "products.csv")
        subprocess.run([make_reviews, "--rows", "40009", "--products", "700", "--reviews", reviews,
                        "--products-csv", products], check=True)
        command = [app, "--reviews", reviews, "--products", products, "--no-progress"]
        if np > 1:
            command = [mpiexec, "-np", str(np), "--oversubscribe"] + command + ["--threads", "1"]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        print(out)
        means = pd.read_csv(reviews).merge(pd.read_csv(products), on="asin").groupby("category")["overall"].mean()
        fields = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
        total = float(fields["result"])
        assert abs(total - means.sum()) <= 1e-9 * abs(means.sum()), (total, means.sum())
        printed = {}
        for line in out.splitlines():
            parts = line.rsplit(None, 1)
            if len(parts) == 2 and parts[0].strip() in means.index:
                printed[parts[0].strip()] = float(parts[1])
        assert len(printed) >= min(10, len(means)) - 1, printed  # the printed head and tail
        for category, mean in printed.items():
            assert abs(mean - means[category]) <= 1e-5 * abs(mean), (category, mean, means[category])
    print("PASS")


if __name__ == "__main__":
    main()
