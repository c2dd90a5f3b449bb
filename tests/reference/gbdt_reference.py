"""Reference values for server/ml/trainers/gbdt.test.ts (run with Debian's /usr/bin/python3).

Writes tests/reference/fixtures/gbdt.json:
* xgb: a small data set (200 rows x 4 features, integer-valued so every feature has < 256
  distinct values and Vigil's bins are exactly XGBoost's `exact` split candidates) and XGBoost
  1.7 `exact` raw margins after 5 trees with the same objective and regularisation as Vigil
  (eta 0.3, max_depth 3, lambda 1, min_child_weight 0, base_score = training positive rate, so
  the starting margin is the same log-odds). Identical row partitions and leaf formulas mean the
  margins must agree up to float32 rounding.
* auc: scores with ties and labels, and sklearn's roc_auc_score.
"""
import json
import os

import numpy as np
import xgboost as xgb
from sklearn.metrics import roc_auc_score

rng = np.random.default_rng(7)
n = 200
X = rng.integers(0, 12, size=(n, 4)).astype(np.float64)
logit = 0.6 * (X[:, 0] - 5.5) - 0.4 * (X[:, 1] > 6) + 0.15 * X[:, 2] * (X[:, 3] < 4) - 0.8
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(np.int64)
rate = y.mean()
params = {
    "objective": "binary:logistic",
    "tree_method": "exact",
    "eta": 0.3,
    "max_depth": 3,
    "lambda": 1.0,
    "min_child_weight": 0.0,
    "base_score": float(rate),
    "nthread": 1,
}
booster = xgb.train(params, xgb.DMatrix(X, label=y), num_boost_round=5)
margins = booster.predict(xgb.DMatrix(X), output_margin=True)

scores = np.round(rng.normal(size=300), 1)  # rounding makes ties
labels = (rng.uniform(size=300) < 1 / (1 + np.exp(-scores))).astype(np.int64)

out = {
    "xgb": {
        "X": X.tolist(),
        "y": y.tolist(),
        "params": {k: v for k, v in params.items() if k != "nthread"},
        "n_trees": 5,
        "margins": [float(m) for m in margins],
    },
    "auc": {"scores": scores.tolist(), "labels": labels.tolist(), "auc": float(roc_auc_score(labels, scores))},
}
path = os.path.join(os.path.dirname(__file__), "fixtures", "gbdt.json")
with open(path, "w") as fh:
    json.dump(out, fh)
print("wrote", path)
