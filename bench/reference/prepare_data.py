"""Writes the benchmark data sets as CSV (header = feature names + `label`) under --out.

Two data sets, each split into <name>_train.csv / <name>_test.csv with a fixed seed so every
trainer in the benchmark reads exactly the same rows:

* breast_cancer: the Wisconsin diagnostic breast cancer data (569 rows x 30 real-valued
  features) that scikit-learn ships inside the package (no download). Label 1 = malignant.
  Split 70/30 stratified, seed 20240.
* credit_synth: a generated credit-default-like table, 250,000 rows x 20 features, split
  200,000 train / 50,000 test. Real public credit data cannot be downloaded here, so this one
  imitates its shape: skewed money amounts (log-normal income, balances), counts (Poisson late
  payments, credit lines), bounded ratios (beta utilisation / debt ratio), integer ages, binary
  and one-hot flags, a latent risk factor that correlates several columns, five pure-noise
  columns, and a label drawn from a non-linear logit (thresholds, interactions, a saturating
  term) with Bernoulli noise (~13% positives), so no model can reach AUC 1.

Floats are written with repr(), which round-trips exactly, so the TypeScript and Python sides
parse bit-identical doubles.
"""
import argparse
import os

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split


def write_csv(path, names, X, y):
    with open(path, "w") as fh:
        fh.write(",".join(names + ["label"]) + "\n")
        for row, lab in zip(X.tolist(), y.tolist()):
            fh.write(",".join(repr(float(v)) for v in row) + "," + str(int(lab)) + "\n")


def breast_cancer():
    data = load_breast_cancer()
    names = [n.replace(" ", "_") for n in data.feature_names]
    # sklearn codes malignant as 0; make the positive class (1) the one a screen looks for.
    y = (data.target == 0).astype(np.int64)
    return names, data.data.astype(np.float64), y


def credit_synth(n, seed):
    rng = np.random.default_rng(seed)
    risk = rng.standard_normal(n)  # latent, never shown to the models
    age = rng.integers(21, 76, n).astype(np.float64)
    income = np.round(np.exp(rng.normal(10.6, 0.55, n) + 0.004 * (age - 45)), 2)
    debt_ratio = np.clip(rng.beta(2.0, 5.0, n) + 0.08 * risk, 0.0, 1.5)
    utilisation = np.clip(rng.beta(2.0, 3.0, n) + 0.15 * risk, 0.0, 1.6)
    credit_lines = rng.poisson(6.0, n).astype(np.float64)
    late_30 = rng.poisson(np.exp(-1.6 + 0.7 * risk)).astype(np.float64)
    late_60 = rng.poisson(np.exp(-2.6 + 0.8 * risk)).astype(np.float64)
    late_90 = rng.poisson(np.exp(-3.0 + 0.9 * risk)).astype(np.float64)
    months_employed = np.round(rng.exponential(60.0, n))
    dependents = rng.poisson(0.9, n).astype(np.float64)
    balance = np.round(income * utilisation * rng.uniform(0.1, 0.6, n), 2)
    home_owner = (rng.uniform(size=n) < 0.35 + 0.004 * (age - 45)).astype(np.float64)
    region = rng.choice(4, size=n, p=[0.4, 0.3, 0.2, 0.1])
    region_oh = np.eye(4)[region][:, 1:]  # three indicators, first region as reference
    noise = rng.standard_normal((n, 4))
    noise_int = rng.integers(0, 10, n).astype(np.float64)

    logit = (
        -2.6
        + 2.2 * utilisation**2
        + 0.8 * np.log1p(late_30)
        + 1.1 * (late_90 > 0)
        + 0.6 * np.log1p(late_60)
        + 1.4 * debt_ratio * (income < 30000)
        - 0.025 * (age - 45)
        + 0.0004 * (age - 45) ** 2
        - 0.5 * home_owner
        + 0.35 * (region == 3)
        - 0.6 * np.tanh(months_employed / 36.0)
        + 0.1 * dependents * (income < 40000)
    )
    y = (rng.uniform(size=n) < 1.0 / (1.0 + np.exp(-logit))).astype(np.int64)
    cols = {
        "age": age,
        "income": income,
        "debt_ratio": debt_ratio,
        "utilisation": utilisation,
        "credit_lines": credit_lines,
        "late_30_59": late_30,
        "late_60_89": late_60,
        "late_90": late_90,
        "months_employed": months_employed,
        "dependents": dependents,
        "balance": balance,
        "home_owner": home_owner,
        "region_2": region_oh[:, 0],
        "region_3": region_oh[:, 1],
        "region_4": region_oh[:, 2],
        "noise_1": noise[:, 0],
        "noise_2": noise[:, 1],
        "noise_3": noise[:, 2],
        "noise_4": noise[:, 3],
        "noise_int": noise_int,
    }
    names = list(cols)
    return names, np.column_stack([cols[k] for k in names]), y


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--synth-rows", type=int, default=250_000)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    names, X, y = breast_cancer()
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=20240, stratify=y)
    write_csv(os.path.join(args.out, "breast_cancer_train.csv"), names, Xtr, ytr)
    write_csv(os.path.join(args.out, "breast_cancer_test.csv"), names, Xte, yte)

    names, X, y = credit_synth(args.synth_rows, seed=20240)
    n_test = args.synth_rows // 5
    write_csv(os.path.join(args.out, "credit_synth_train.csv"), names, X[n_test:], y[n_test:])
    write_csv(os.path.join(args.out, "credit_synth_test.csv"), names, X[:n_test], y[:n_test])


if __name__ == "__main__":
    main()
