"""Reference values for server/ml/fairness (fairnessReport) and the `vigil stats fairness` CLI.

Run with Debian's python (scikit-learn 1.2.1, numpy 1.24):
    /usr/bin/python3 tests/reference/fairness_reference.py
Writes tests/reference/fixtures/fairness.json. Per-group rates come from scikit-learn's
confusion_matrix and roc_auc_score on each slice; the disparity and null conventions are the
contract documented in server/ml/fairness/report.ts, applied here independently.
"""
import json
import os

import numpy as np
from sklearn.metrics import confusion_matrix, roc_auc_score

MISSING = "(missing)"


def div(a, b):
    return None if a is None or b is None or b == 0 else a / b


def within(d):
    return 0.8 * (1 - 1e-12) <= d <= 1.25 * (1 + 1e-12)


def rng_of(vals):
    xs = [v for v in vals if v is not None]
    return None if not xs else max(xs) - min(xs)


def report(y, s, g, threshold=0.5, reference=None):
    y = np.asarray(y, dtype=int)
    s = np.asarray(s, dtype=float)
    g = np.array([MISSING if v is None else v for v in g], dtype=object)
    names = sorted(set(g.tolist()))  # Python str order is code-point order
    groups = []
    for name in names:
        m = g == name
        yy, ss = y[m], s[m]
        pred = (ss >= threshold).astype(int)
        tn, fp, fn, tp = confusion_matrix(yy, pred, labels=[0, 1]).ravel()
        n = int(m.sum())
        groups.append({
            "group": name,
            "n": n,
            "selection_rate": (tp + fp) / n,
            "tpr": None if tp + fn == 0 else tp / (tp + fn),
            "fpr": None if fp + tn == 0 else fp / (fp + tn),
            "precision": None if tp + fp == 0 else tp / (tp + fp),
            "accuracy": (tp + tn) / n,
            "auc": float(roc_auc_score(yy, ss)) if 0 < yy.sum() < n else None,
        })
    if reference is None:
        # Largest group; ties go to the first name in sorted order.
        best = max(r["n"] for r in groups)
        ref = next(r for r in groups if r["n"] == best)
    else:
        ref = next(r for r in groups if r["group"] == reference)
    for r in groups:
        d = {k: div(r[k], ref[k]) for k in ["selection_rate", "tpr", "fpr", "precision"]}
        r["disparity"] = d
        r["parity_ok"] = all(v is None or within(v) for v in d.values())
    for r in groups:
        for k, v in list(r.items()):
            if isinstance(v, (np.floating, np.integer)):
                r[k] = v.item()
    rates = [r["selection_rate"] for r in groups]
    tpr_range = rng_of([r["tpr"] for r in groups])
    fpr_range = rng_of([r["fpr"] for r in groups])
    eo = [v for v in (tpr_range, fpr_range) if v is not None]
    return {
        "groups": groups,
        "reference_group": ref["group"],
        "demographic_parity_difference": max(rates) - min(rates),
        "demographic_parity_ratio": None if max(rates) == 0 else min(rates) / max(rates),
        "equalized_odds_difference": max(eo) if eo else None,
        "equal_opportunity_difference": tpr_range,
    }


rng = np.random.default_rng(99)
cases = []

n = 1200
names = ["é", "Z", "a", "😀", "\uffff", None]
g = [names[i] for i in rng.choice(len(names), n, p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05])]
y = rng.integers(0, 2, n)
s = np.round(np.clip(rng.normal(0.4 + 0.25 * y, 0.2), 0, 1), 2)  # ties, and scores equal to 0.5
cases.append({"name": "mixed_names", "y": y.tolist(), "score": s.tolist(), "group": g, "threshold": 0.5, "reference_group": None})
cases.append({"name": "mixed_names_ref_a", "y": y.tolist(), "score": s.tolist(), "group": g, "threshold": 0.45, "reference_group": "a"})

# Single-class groups (tpr/fpr/auc null), a group with nothing predicted positive
# (precision null), and a tie for the largest group (first name wins).
cases.append({
    "name": "single_class_and_ties",
    "y":     [1, 1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0],
    "score": [0.9, 0.6, 0.2, 0.1, 0.6, 0.2, 0.7, 0.8, 0.4, 0.3, 0.55, 0.45],
    "group": ["pos", "pos", "pos", "neg", "neg", "neg", "mix", "mix", "low", "low", None, None],
    "threshold": 0.5,
    "reference_group": None,
})
# Reference group whose selection rate is 0: every selection_rate disparity is null.
cases.append({
    "name": "zero_reference_rate",
    "y": [1, 0, 1, 0, 1, 0],
    "score": [0.1, 0.2, 0.9, 0.7, 0.6, 0.1],
    "group": ["r", "r", "s", "s", "t", "t"],
    "threshold": 0.5,
    "reference_group": "r",
})
# Nobody selected anywhere: demographic parity ratio null.
cases.append({
    "name": "nobody_selected",
    "y": [1, 0, 1, 0],
    "score": [0.1, 0.2, 0.3, 0.4],
    "group": ["x", "x", "y", "y"],
    "threshold": 0.5,
    "reference_group": None,
})

for c in cases:
    c["report"] = report(c["y"], c["score"], c["group"], c["threshold"], c["reference_group"])

path = os.path.join(os.path.dirname(__file__), "fixtures", "fairness.json")
with open(path, "w") as f:
    json.dump({"generator": "tests/reference/fairness_reference.py", "cases": cases}, f, allow_nan=False, ensure_ascii=False)
print(f"wrote {path}: {len(cases)} cases")
