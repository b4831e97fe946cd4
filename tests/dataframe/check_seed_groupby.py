"""The seed's groupby app against pandas: make_reviews writes a reviews file, seed_groupby
computes the mean of `overall` per `reviewerID` at the given rank count, and pandas computes
the same from the same file. The number of groups, the printed rows and the sum of the means
must agree.

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
        # The printed head: five reviewers (split over the workers, so not in pandas' sorted
        # order) with pandas' means for them.
        rows = [l.split() for l in out.splitlines() if l.startswith("A") and len(l.split()) == 2]
        assert len(rows) == 5, rows
        for reviewer, mean in rows:
            assert abs(float(mean) - means[reviewer]) <= 1e-5 * abs(means[reviewer]), (reviewer, mean)
    print("PASS")


if __name__ == "__main__":
    main()
