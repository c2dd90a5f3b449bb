"""Reference values for server/ml/metrics (binaryMetrics, curves, calibration, confusion matrix).

Run with Debian's python (scikit-learn 1.2.1, numpy 1.24):
    /usr/bin/python3 tests/reference/metrics_reference.py
Writes tests/reference/fixtures/metrics.json; the vitest suite compares against it.
Undefined metrics are written as null (the TypeScript contract), decided here from the counts,
while every defined value comes from scikit-learn.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)

assert sklearn.__version__ == "1.2.1", sklearn.__version__


def nn(x):
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else float(x)


def case(name, y, s, threshold=0.5, n_bins=10):
    y = np.asarray(y, dtype=int)
    s = np.asarray(s, dtype=float)
    pred = (s >= threshold).astype(int)
    n = len(y)
    pos = int(y.sum())
    neg = n - pos
    pred_pos = int(pred.sum())
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    precision = None if pred_pos == 0 else precision_score(y, pred, zero_division=0)
    recall = None if pos == 0 else recall_score(y, pred, zero_division=0)
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = f1_score(y, pred, zero_division=0)
    two_classes = pos > 0 and neg > 0
    out = {
        "name": name,
        "y": y.tolist(),
        "score": s.tolist(),
        "threshold": threshold,
        "metrics": {
            "n": n,
            "positive_rate": pos / n,
            "auc": roc_auc_score(y, s) if two_classes else None,
            "log_loss": log_loss(y, s, labels=[0, 1], eps=1e-15),  # the contract clips at 1e-15 (sklearn 1.2 defaults to "auto" = float64 eps)
            "brier": brier_score_loss(y, s, pos_label=1),
            "accuracy": accuracy_score(y, pred),
            "precision": nn(precision),
            "recall": nn(recall),
            "f1": nn(f1),
        },
        "confusion": {"tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn)},
    }
    if two_classes:
        fpr, tpr, th = roc_curve(y, s)
        out["roc"] = {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": th.tolist()}
        fpr, tpr, th = roc_curve(y, s, drop_intermediate=False)
        out["roc_all"] = {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": th.tolist()}
    else:
        out["roc"] = None
        out["roc_all"] = None
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p, r, th = precision_recall_curve(y, s)
    out["pr"] = {"precision": p.tolist(), "recall": r.tolist(), "thresholds": th.tolist()}
    prob_true, prob_pred = calibration_curve(y, s, n_bins=n_bins, strategy="uniform")
    bins = np.linspace(0.0, 1.0, n_bins + 1)
    binids = np.searchsorted(bins[1:-1], s)
    totals = np.bincount(binids, minlength=n_bins)
    out["calibration"] = {
        "n_bins": n_bins,
        "prob_true": prob_true.tolist(),
        "prob_pred": prob_pred.tolist(),
        "counts": totals[totals != 0].tolist(),
        "bins": np.nonzero(totals)[0].tolist(),
        "bin_edges": bins.tolist(),
    }
    return out


rng = np.random.default_rng(20240601)
cases = []

# Continuous scores, moderately informative.
n = 2000
y = rng.integers(0, 2, n)
s = np.clip(rng.normal(0.35 + 0.3 * y, 0.2), 0, 1)
cases.append(case("continuous_2000", y, s))

# Heavy ties: scores on a 0.1 grid (including exact bin edges 0.3, 0.7 for calibration).
n = 300
y = rng.integers(0, 2, n)
s = np.round(np.clip(rng.normal(0.4 + 0.2 * y, 0.25), 0, 1), 1)
cases.append(case("ties_grid", y, s))
cases.append(case("ties_grid_5_bins", y, s, threshold=0.3, n_bins=5))

# Threshold exactly equal to a score: 0.5 counts as predicted positive.
cases.append(case("threshold_equals_score", [1, 0, 0, 1, 1, 0], [0.5, 0.5, 0.3, 0.8, 0.2, 0.6], threshold=0.5))

# Every row predicted positive (threshold 0): precision = positive rate, recall = 1.
cases.append(case("all_predicted_positive", [1, 0, 1, 0, 0], [0.9, 0.1, 0.0, 0.4, 0.7], threshold=0.0))

# No predicted positives: precision and f1 null.
cases.append(case("none_predicted_positive", [1, 0, 1, 0], [0.2, 0.1, 0.4, 0.3], threshold=0.9))

# Precision and recall both 0: f1 is 0.
cases.append(case("f1_zero", [1, 0, 1, 0], [0.2, 0.9, 0.4, 0.8], threshold=0.5))

# Scores at exactly 0 and 1 (log loss clipping).
cases.append(case("extreme_scores", [1, 0, 1, 0, 1], [1.0, 0.0, 0.0, 1.0, 0.999]))

# All scores equal: AUC 0.5.
cases.append(case("all_tied", [1, 0, 0, 1, 0], [0.4] * 5))

# Tiny samples.
cases.append(case("two_rows", [0, 1], [0.3, 0.6]))
cases.append(case("one_row_positive", [1], [0.7]))
cases.append(case("single_class_negative", [0, 0, 0], [0.1, 0.6, 0.4]))
cases.append(case("single_class_positive", [1, 1, 1, 1], [0.1, 0.6, 0.4, 0.6]))

# Perfect separation and perfect inversion.
cases.append(case("perfect", [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]))
cases.append(case("inverted", [1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]))

path = os.path.join(os.path.dirname(__file__), "fixtures", "metrics.json")
with open(path, "w") as f:
    json.dump({"generator": "tests/reference/metrics_reference.py", "sklearn": sklearn.__version__, "cases": cases}, f, allow_nan=False)
print(f"wrote {path}: {len(cases)} cases")
