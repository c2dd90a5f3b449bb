"""Reference GBDT for `npm run bench:train`: XGBoost (tree_method=hist) on the same CSV files.

Prints one JSON object: train_s (wall time of Booster training only, measured here around
xgb.train, after the data is loaded into a DMatrix), cpu_s (CPU time of the process, all its
threads, over the same span), auc (test ROC AUC), threads (1, or "default" for all cores).
Parameters mirror Vigil's: objective binary:logistic, max_depth, eta, n_trees, lambda=1,
max_bin=256; everything else is XGBoost 1.7's default (min_child_weight=1, base_score=0.5).
"""
import argparse
import json
import sys
import time

try:
    import numpy as np
    import xgboost as xgb
    from sklearn.metrics import roc_auc_score
except ImportError as exc:  # the bench checks this first, but say it plainly if run by hand
    sys.stderr.write(f"missing python package ({exc}); install the Debian package python3-xgboost\n")
    sys.exit(3)


def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    return data[:, :-1], data[:, -1].astype(np.int64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=0, help="0 = XGBoost's default (all cores)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    Xtr, ytr = load(args.train)
    Xte, yte = load(args.test)
    dtrain = xgb.DMatrix(Xtr, label=ytr)
    dtest = xgb.DMatrix(Xte)
    params = {
        "objective": "binary:logistic",
        "tree_method": "hist",
        "max_depth": args.depth,
        "eta": args.lr,
        "lambda": 1.0,
        "max_bin": 256,
        "seed": args.seed,
    }
    if args.threads > 0:
        params["nthread"] = args.threads
    t0 = time.perf_counter()
    c0 = time.process_time()
    booster = xgb.train(params, dtrain, num_boost_round=args.trees)
    train_s = time.perf_counter() - t0
    cpu_s = time.process_time() - c0
    auc = roc_auc_score(yte, booster.predict(dtest))
    print(json.dumps({"train_s": train_s, "cpu_s": cpu_s, "auc": float(auc), "threads": args.threads or "default"}))


if __name__ == "__main__":
    main()
