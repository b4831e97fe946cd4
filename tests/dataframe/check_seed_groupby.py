"""The seed's groupby app against pandas: make_reviews writes a reviews file, seed_groupby
computes the mean of `overall` per `reviewerID` at the given rank count, and pandas computes
the same from the same file. The number of groups, the first rows (sorted by reviewerID, as
pandas sorts) and the sum of the means must agree.

  check_seed_groupby.py MPIEXEC NP SEED_GROUPBY MAKE_REVIEWS
"""
import os
import subprocess
import sys
import tempfile

import pandas as pd


def main():
    mpiexec, np, app, make_reviews = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, "reviews.csv")
        subprocess.run([make_reviews, "--rows", "30011", "--products", "500", "--reviews", csv], check=True)
        command = [app, "--csv", csv, "--no-progress"]
        if np > 1:
            command = [mpiexec, "-np", str(np), "--oversubscribe"] + command + ["--threads", "1"]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        print(out)
        fields = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
        means = pd.read_csv(csv).groupby("reviewerID")["overall"].mean()
        assert int(fields["groups"]) == len(means), (fields["groups"], len(means))
        total = float(fields["result"])
        assert abs(total - means.sum()) <= 1e-9 * abs(means.sum()), (total, means.sum())
        # The printed head: the first five reviewers and their means, in pandas' order.
        for reviewer, mean in means.head(5).items():
            line = next((l for l in out.splitlines() if l.startswith(reviewer + " ")), None)
            assert line is not None, f"{reviewer} missing from the printed head"
            assert abs(float(line.split()[-1]) - mean) <= 1e-5 * abs(mean), (line, mean)
    print("PASS")


if __name__ == "__main__":
    main()
