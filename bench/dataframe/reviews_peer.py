"""The seed's dataframe work in pandas or Dask, timed inside the process after the imports, for
bench/dataframe/reviews.sh (which also times the whole process: interpreter, imports and work).

groupby: read the reviews CSV, mean of `overall` per `reviewerID` (the seed's program).
merge:   read reviews and products, merge on `asin`, mean of `overall` per product `category`.
Prints `seconds:` (read + compute), `groups:` and `result:` (the sum of the means), as the dtask
apps do, so that the bench can check the answers agree.

  /usr/bin/python3 bench/dataframe/reviews_peer.py --tool pandas --task groupby --reviews r.csv
  /usr/bin/python3 bench/dataframe/reviews_peer.py --tool dask --threads 2 --task merge --reviews r.csv --products p.csv
  /usr/bin/python3 bench/dataframe/reviews_peer.py --tool pandas --task groupby --reviews r.csv --usecols
"""
import argparse
import time


def load(tool, threads):
    if tool == "pandas":
        import pandas as frames
    else:
        import dask
        import dask.dataframe as frames
        dask.config.set(scheduler="threads", num_workers=threads)
    return frames


def run(frames, tool, task, reviews, products, usecols):
    # usecols: only the columns the task reads, as dtask's projection reads them.
    data = frames.read_csv(reviews, usecols=(["asin", "overall"] if task == "merge" else ["reviewerID", "overall"])
                           if usecols else None)
    if task == "merge":
        joined = data.merge(frames.read_csv(products, usecols=["asin", "category"] if usecols else None), on="asin")
        means = joined.groupby("category")["overall"].mean()
    else:
        means = data.groupby(data["reviewerID"])["overall"].mean()
    return means.compute() if tool == "dask" else means


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", choices=["pandas", "dask"], required=True)
    parser.add_argument("--task", choices=["groupby", "merge"], required=True)
    parser.add_argument("--reviews", required=True)
    parser.add_argument("--products")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--usecols", action="store_true", help="read only the columns the task uses")
    args = parser.parse_args()
    frames = load(args.tool, args.threads)
    start = time.perf_counter()
    means = run(frames, args.tool, args.task, args.reviews, args.products, args.usecols)
    seconds = time.perf_counter() - start
    print(f"seconds: {seconds:.4f}")
    print(f"groups: {len(means)}")
    print(f"result: {means.sum():.10g}")


if __name__ == "__main__":
    main()
