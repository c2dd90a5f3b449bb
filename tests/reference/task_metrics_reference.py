"""Reference values for server/ml/metrics/multiclass.ts, regression.ts and
`vigil stats metrics --task multiclass|regression`.

Run with Debian's python (scikit-learn 1.2.1, numpy 1.24):
    /usr/bin/python3 tests/reference/task_metrics_reference.py
Writes tests/reference/fixtures/task-metrics.json; the vitest suites compare against it.
Each multiclass case lists its classes in the order of the score columns (not necessarily sorted);
every defined value comes from scikit-learn / numpy, undefined ones are null (decided from counts).
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, log_loss, r2_score, roc_auc_score

assert sklearn.__version__ == "1.2.1", sklearn.__version__
warnings.simplefilter("ignore")


def multiclass_case(name, classes, y, probs):
    classes = list(classes)
    y = np.asarray(y, dtype=object)
    P = np.asarray(probs, dtype=float)
    assert P.shape == (len(y), len(classes))
    pred = np.asarray([classes[j] for j in np.argmax(P, axis=1)], dtype=object)  # ties: first column
    order = sorted(range(len(classes)), key=lambda j: classes[j])
    sorted_classes = [classes[j] for j in order]
    auc = {}
    for j, c in enumerate(classes):
        yc = (y == c).astype(int)
        auc[c] = None if yc.sum() in (0, len(y)) else float(roc_auc_score(yc, P[:, j]))
    defined = [v for v in auc.values() if v is not None]
    metrics = {
        "n": len(y),
        "classes": classes,
        "accuracy": float(accuracy_score(y, pred)),
        "log_loss": float(log_loss(y, P[:, order], eps=1e-15, labels=sorted_classes)),
        "macro_f1": float(f1_score(y, pred, average="macro", zero_division=0)),
        "micro_f1": float(f1_score(y, pred, average="micro", zero_division=0)),
        "weighted_f1": float(f1_score(y, pred, average="weighted", zero_division=0)),
        "auc_ovr": auc,
        "auc_ovr_macro": float(np.mean(defined)) if defined else None,
        "confusion": confusion_matrix(y, pred, labels=classes).tolist(),
    }
    return {"name": name, "classes": classes, "y": y.tolist(), "probs": P.tolist(), "metrics": metrics}


def regression_case(name, y, yhat):
    y = np.asarray(y, dtype=float)
    yhat = np.asarray(yhat, dtype=float)
    res = y - yhat
    r2 = r2_score(y, yhat)
    q = np.quantile(res, [0.05, 0.5, 0.95])
    metrics = {
        "n": len(y),
        "rmse": float(np.sqrt(np.mean(res**2))),
        "mae": float(np.mean(np.abs(res))),
        "r2": None if np.isnan(r2) else float(r2),
        "mean_residual": float(np.mean(res)),
        "residual_quantiles": {"p05": float(q[0]), "p50": float(q[1]), "p95": float(q[2])},
    }
    return {"name": name, "y": y.tolist(), "prediction": yhat.tolist(), "metrics": metrics}


rng = np.random.default_rng(20261130)
mc = []

# Informative probabilities over three classes, score columns not in sorted order.
classes = ["b", "c", "a"]
n = 600
yi = rng.integers(0, 3, n)
logits = rng.normal(size=(n, 3)) + 1.5 * np.eye(3)[yi]
P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
mc.append(multiclass_case("informative_3", classes, [classes[i] for i in yi], P))

# A class that never occurs as a label (but is sometimes predicted), and one never predicted.
classes = ["north", "south", "east", "west"]
n = 200
yi = rng.choice([0, 1, 2], size=n)
logits = rng.normal(size=(n, 4)) + np.eye(4)[yi]
logits[:, 3] += 0.3  # 'west' wins some rows though no row is 'west'
P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
P = np.round(P, 3)  # rows no longer sum exactly to 1: renormalised inside log_loss
mc.append(multiclass_case("class_absent", classes, [classes[i] for i in yi], P))

# Heavy ties: probabilities on a coarse grid, arg-max ties resolved to the first column.
classes = ["x", "y", "z"]
n = 120
yi = rng.integers(0, 3, n)
raw = rng.integers(0, 3, size=(n, 3)).astype(float) + np.eye(3)[yi]
raw[raw.sum(axis=1) == 0] = 1.0
P = raw / raw.sum(axis=1, keepdims=True)
mc.append(multiclass_case("ties", classes, [classes[i] for i in yi], P))
mc.append(multiclass_case("all_tied", ["p", "q", "r"], ["q", "r", "p", "q"], [[1 / 3] * 3] * 4))

# Exact 0 and 1 (clipping) and rows that do not sum to 1.
mc.append(
    multiclass_case(
        "extremes",
        ["a", "b", "c"],
        ["a", "b", "c", "a", "c"],
        [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.2, 0.2], [0.5, 0.5, 0.5], [0.0, 0.0, 1.0]],
    )
)

# Tiny samples and a single class.
mc.append(multiclass_case("one_row", ["a", "b"], ["b"], [[0.3, 0.7]]))
mc.append(multiclass_case("two_rows", ["a", "b", "c"], ["c", "a"], [[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]]))
mc.append(multiclass_case("single_class", ["a", "b", "c"], ["a"] * 5, [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.4, 0.4, 0.2], [0.1, 0.1, 0.8], [0.9, 0.05, 0.05]]))

# Numeric-looking class names (compared as strings: "10" sorts before "2").
classes = ["0", "1", "10", "2"]
n = 80
yi = rng.integers(0, 4, n)
logits = rng.normal(size=(n, 4)) + 2 * np.eye(4)[yi]
P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
mc.append(multiclass_case("numeric_names", classes, [classes[i] for i in yi], P))

# Perfect predictions.
mc.append(multiclass_case("perfect", ["a", "b", "c"], ["a", "b", "c", "c"], [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0, 0, 1], [0.2, 0.2, 0.6]]))

reg = []
n = 1000
y = rng.normal(50, 10, n)
reg.append(regression_case("normal_1000", y, y + rng.normal(1, 5, n)))
reg.append(regression_case("constant_target", [3.0] * 6, [2.0, 3.0, 4.0, 3.5, 3.0, 1.0]))
reg.append(regression_case("constant_target_perfect", [3.0] * 4, [3.0] * 4))
reg.append(regression_case("perfect", [1.0, 2.5, -4.0, 7.0], [1.0, 2.5, -4.0, 7.0]))
reg.append(regression_case("one_row", [2.0], [1.5]))
reg.append(regression_case("two_rows", [1.0, 3.0], [2.0, 2.0]))
reg.append(regression_case("worse_than_mean", [1.0, 2.0, 3.0], [3.0, 2.0, 1.0]))
reg.append(regression_case("ties", [1.0, 1.0, 2.0, 2.0, 2.0, 5.0, 5.0], [0.0, 0.0, 1.0, 1.0, 1.0, 4.0, 6.0]))
reg.append(regression_case("large_values", 1e6 + rng.normal(0, 1e3, 50), 1e6 + rng.normal(0, 1e3, 50)))

path = os.path.join(os.path.dirname(__file__), "fixtures", "task-metrics.json")
with open(path, "w") as f:
    json.dump(
        {"generator": "tests/reference/task_metrics_reference.py", "sklearn": sklearn.__version__, "numpy": np.__version__, "multiclass": mc, "regression": reg},
        f,
        allow_nan=False,
    )
print(f"wrote {path}: {len(mc)} multiclass, {len(reg)} regression cases")
