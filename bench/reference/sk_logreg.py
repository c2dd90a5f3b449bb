"""Reference logistic regression for `npm run bench:train`: scikit-learn LogisticRegression.

Features are standardised with the training mean and standard deviation (outside the timing,
as Vigil's feature spec does before its trainer runs); train_s times only .fit().
Default L2 penalty C=1.0, lbfgs, max_iter raised to 1000 so it converges.
Prints one JSON object: train_s, auc.
"""
import argparse
import json
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    return data[:, :-1], data[:, -1].astype(np.int64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    args = ap.parse_args()
    Xtr, ytr = load(args.train)
    Xte, yte = load(args.test)
    mu = Xtr.mean(axis=0)
    sd = Xtr.std(axis=0)
    sd[sd == 0] = 1.0
    Xtr = (Xtr - mu) / sd
    Xte = (Xte - mu) / sd
    model = LogisticRegression(C=1.0, max_iter=1000)
    t0 = time.perf_counter()
    model.fit(Xtr, ytr)
    train_s = time.perf_counter() - t0
    auc = roc_auc_score(yte, model.predict_proba(Xte)[:, 1])
    print(json.dumps({"train_s": train_s, "auc": float(auc)}))


if __name__ == "__main__":
    main()
