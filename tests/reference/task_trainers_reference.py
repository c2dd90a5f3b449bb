"""Reference values for the multiclass and regression trainers (server/ml/trainers/softmax.ts,
ridge.ts, gbdt-tasks.ts), from scikit-learn 1.2.1 and XGBoost 1.7.

Run with Debian's python: /usr/bin/python3 tests/reference/task_trainers_reference.py
Writes tests/reference/fixtures/task-trainers.json:
* softmax: LogisticRegression(multi_class='multinomial', C = 1/l2) on a small data set. sklearn's
  L-BFGS stops on SciPy's ftol, so its probabilities are good to ~1e-4; each case also records
  the exact optimum's probabilities: sklearn's solution polished by Newton's method (exact
  Hessian, least-squares steps because the intercepts are only defined up to a shift).
* ridge: Ridge(alpha = l2) (LinearRegression for l2 = 0) coefficients and intercept.
* xgb_multiclass / xgb_regression: integer-valued features (every feature has < 256 distinct
  values, so Vigil's bins are exactly XGBoost `exact`'s split candidates) and XGBoost raw margins
  after 5 rounds with Vigil's objective and regularisation (multi:softprob with base margins = the
  log class priors Vigil starts from; reg:squarederror with base_score = the float32 mean target;
  eta 0.3, max_depth 3, lambda 1, min_child_weight 0).
* quality: a larger continuous data set split into train and test; XGBoost `hist` test log-loss /
  RMSE with the same hyper-parameters as the Vigil GBDT under test, as a yardstick.
"""
import json
import os

import numpy as np
import sklearn
import xgboost as xgb
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, log_loss, mean_squared_error

assert sklearn.__version__ == "1.2.1", sklearn.__version__
rng = np.random.default_rng(20261130)
out = {"generator": f"tests/reference/task_trainers_reference.py, scikit-learn {sklearn.__version__}, xgboost {xgb.__version__}, numpy {np.__version__}"}

# --- softmax logistic regression -------------------------------------------------------------
n, d, k = 300, 5, 3
X = rng.normal(size=(n, d))
X[:, 1] = 0.5 * X[:, 0] + 0.8 * X[:, 1]
X[:, 3] = (rng.random(n) < 0.4).astype(float)
X[:, 4] = X[:, 4] * 2 + 1
W = np.array([[1.0, -0.5, 0.0], [0.0, 0.8, -0.8], [0.3, 0.0, -0.3], [-1.0, 0.5, 0.5], [0.2, -0.2, 0.1]])
logits = X @ W + np.array([0.2, 0.0, -0.3])
P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
y = np.array([rng.choice(k, p=p) for p in P])


def softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


Xb = np.hstack([X, np.ones((n, 1))])
Y = np.eye(k)[y]
cases = []
for l2 in [1.0, 0.1, 5.0]:
    m = LogisticRegression(multi_class="multinomial", C=1.0 / l2, solver="lbfgs", tol=1e-12, max_iter=100000).fit(X, y)
    theta = np.vstack([m.coef_.T, m.intercept_[None, :]])  # (d+1) x k
    pen = np.full((d + 1, k), l2)
    pen[-1, :] = 0.0
    for _ in range(100):
        Pm = softmax(Xb @ theta)
        grad = Xb.T @ (Pm - Y) + pen * theta
        if np.abs(grad).max() < 1e-11:
            break
        H = np.zeros(((d + 1) * k, (d + 1) * k))
        for i in range(n):
            p = Pm[i]
            H += np.kron(np.outer(Xb[i], Xb[i]), np.diag(p) - np.outer(p, p))
        H += np.diag(pen.ravel())
        step = np.linalg.lstsq(H, grad.ravel(), rcond=None)[0]
        theta = theta - step.reshape(d + 1, k)
    Pm = softmax(Xb @ theta)
    grad = Xb.T @ (Pm - Y) + pen * theta
    assert np.abs(grad).max() < 1e-9, np.abs(grad).max()
    cases.append({
        "l2": l2,
        "optimum_proba": Pm.ravel().tolist(),
        "optimum_log_loss": float(log_loss(y, Pm)),
        "sklearn_proba": m.predict_proba(X).ravel().tolist(),
    })
out["softmax"] = {"n": n, "d": d, "k": k, "X": X.ravel().tolist(), "y": y.tolist(), "cases": cases}

# --- ridge ---------------------------------------------------------------------------------------
n, d = 200, 5
X = rng.normal(size=(n, d))
X[:, 2] = 0.7 * X[:, 0] + 0.3 * X[:, 2]
X[:, 4] = X[:, 4] * 10 + 5
yr = X @ np.array([1.5, -2.0, 0.5, 0.0, 0.3]) + 4 + rng.normal(scale=0.5, size=n)
rc = []
for l2 in [1.0, 0.01, 25.0, 0.0]:
    m = LinearRegression().fit(X, yr) if l2 == 0 else Ridge(alpha=l2).fit(X, yr)
    rc.append({"l2": l2, "coef": m.coef_.tolist(), "intercept": float(m.intercept_)})
out["ridge"] = {"n": n, "d": d, "X": X.ravel().tolist(), "y": yr.tolist(), "cases": rc}

# --- XGBoost exact margins -------------------------------------------------------------------------
n = 300
Xi = rng.integers(0, 12, size=(n, 4)).astype(np.float64)
z = np.stack([0.5 * (Xi[:, 0] - 5.5), 0.4 * (Xi[:, 1] > 6) + 0.1 * Xi[:, 2], 0.3 * (Xi[:, 3] - 6)], axis=1)
yc = np.array([rng.choice(3, p=p) for p in softmax(z)])
prior = np.bincount(yc, minlength=3) / n
base = np.log(prior).astype(np.float32).astype(np.float64)
params = {"objective": "multi:softprob", "num_class": 3, "tree_method": "exact", "eta": 0.3, "max_depth": 3, "lambda": 1.0, "min_child_weight": 0.0, "nthread": 1}
dm = xgb.DMatrix(Xi, label=yc, base_margin=np.tile(base, (n, 1)))
booster = xgb.train(params, dm, num_boost_round=5)
margins = booster.predict(dm, output_margin=True)
out["xgb_multiclass"] = {
    "X": Xi.tolist(),
    "y": yc.tolist(),
    "params": {k2: v for k2, v in params.items() if k2 != "nthread"},
    "rounds": 5,
    "base_margins": base.tolist(),
    "margins": np.asarray(margins).ravel().tolist(),
}

yv = 2.0 * Xi[:, 0] - 1.5 * (Xi[:, 1] > 5) + 0.5 * Xi[:, 2] * (Xi[:, 3] < 4) + rng.normal(scale=1.0, size=n)
mean32 = float(np.float32(yv.mean()))
params = {"objective": "reg:squarederror", "tree_method": "exact", "eta": 0.3, "max_depth": 3, "lambda": 1.0, "min_child_weight": 0.0, "base_score": mean32, "nthread": 1}
booster = xgb.train(params, xgb.DMatrix(Xi, label=yv), num_boost_round=5)
out["xgb_regression"] = {
    "X": Xi.tolist(),
    "y": yv.tolist(),
    "params": {k2: v for k2, v in params.items() if k2 != "nthread"},
    "rounds": 5,
    "predictions": booster.predict(xgb.DMatrix(Xi)).tolist(),
}

# --- quality yardstick on continuous data (train / test) -----------------------------------------
def continuous(n):
    Xq = np.round(rng.normal(size=(n, 5)), 2)
    zq = np.stack([Xq[:, 0] * Xq[:, 1], np.sin(2 * Xq[:, 2]) + Xq[:, 3], -Xq[:, 0] + 0.5 * (Xq[:, 4] > 0.3)], axis=1)
    ycq = np.array([rng.choice(3, p=p) for p in softmax(1.5 * zq)])
    yrq = np.round(3 * np.sin(Xq[:, 0]) + Xq[:, 1] ** 2 - 2 * (Xq[:, 2] > 0) + rng.normal(scale=0.5, size=n), 3)
    return Xq, ycq, yrq


Xtr, yctr, yrtr = continuous(2000)
Xte, ycte, yrte = continuous(1000)
q = {"eta": 0.1, "max_depth": 4, "lambda": 1.0, "rounds": 60, "max_bin": 255}
common = {"tree_method": "hist", "eta": q["eta"], "max_depth": q["max_depth"], "lambda": q["lambda"], "max_bin": q["max_bin"], "nthread": 1}
bm = xgb.train({**common, "objective": "multi:softprob", "num_class": 3}, xgb.DMatrix(Xtr, label=yctr), num_boost_round=q["rounds"])
pte = bm.predict(xgb.DMatrix(Xte))
br = xgb.train({**common, "objective": "reg:squarederror", "base_score": float(yrtr.mean())}, xgb.DMatrix(Xtr, label=yrtr), num_boost_round=q["rounds"])
rte = br.predict(xgb.DMatrix(Xte))
sk_mc = LogisticRegression(multi_class="multinomial", C=1.0, max_iter=10000).fit(Xtr, yctr)
sk_r = Ridge(alpha=1.0).fit(Xtr, yrtr)
out["quality"] = {
    "params": q,
    "X_train": Xtr.tolist(),
    "y_class_train": yctr.tolist(),
    "y_value_train": yrtr.tolist(),
    "X_test": Xte.tolist(),
    "y_class_test": ycte.tolist(),
    "y_value_test": yrte.tolist(),
    "xgb_multiclass_log_loss": float(log_loss(ycte, pte)),
    "xgb_multiclass_accuracy": float(accuracy_score(ycte, pte.argmax(axis=1))),
    "xgb_regression_rmse": float(np.sqrt(mean_squared_error(yrte, rte))),
    "sklearn_logreg_log_loss": float(log_loss(ycte, sk_mc.predict_proba(Xte))),
    "sklearn_ridge_rmse": float(np.sqrt(mean_squared_error(yrte, sk_r.predict(Xte)))),
}

path = os.path.join(os.path.dirname(__file__), "fixtures", "task-trainers.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path, {k2: out["quality"][k2] for k2 in out["quality"] if k2.startswith(("xgb", "sklearn"))})
