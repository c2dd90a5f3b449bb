"""Reference coefficients for server/ml/trainers/logreg.ts from scikit-learn 1.2.1.

Run with Debian's python: /usr/bin/python3 tests/reference/logreg_sklearn.py
Writes tests/reference/fixtures/logreg_sklearn.json with the data and, per l2, the coefficients
of LogisticRegression(C = 1 / l2) — sklearn minimises C·Σ loss + ½‖w‖², i.e. Σ loss + (l2/2)‖w‖²,
the convention logreg.ts documents.

sklearn's L-BFGS stops on SciPy's relative-objective test (ftol ≈ 2.2e-9) whatever `tol` says, which
leaves its gradient at 1e-5…1e-2, so its coefficients are only good to ~1e-4. Each case therefore
also records the exact optimum: sklearn's solution polished with Newton's method (exact Hessian,
numpy float64) until the largest gradient component is below 1e-10.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(20240611)
n, d = 400, 6
X = rng.normal(size=(n, d))
X[:, 1] = 0.6 * X[:, 0] + 0.8 * X[:, 1]  # correlated pair
X[:, 4] = (rng.random(n) < 0.3).astype(float)  # a one-hot-like 0/1 column
X[:, 5] = X[:, 5] * 3 + 1  # unstandardised scale and offset
true_w = np.array([1.2, -0.7, 0.0, 0.4, -1.5, 0.3])
logits = X @ true_w - 0.25
y = (rng.random(n) < 1 / (1 + np.exp(-logits))).astype(int)

cases = []
for l2 in [1.0, 0.1, 10.0, 0.0]:
    if l2 == 0.0:
        model = LogisticRegression(penalty=None, solver="lbfgs", tol=1e-12, max_iter=100000)
    else:
        model = LogisticRegression(C=1.0 / l2, solver="lbfgs", tol=1e-12, max_iter=100000)
    model.fit(X, y)
    theta = np.concatenate([model.coef_[0], model.intercept_])
    Xb = np.hstack([X, np.ones((n, 1))])
    pen = np.full(d + 1, l2)
    pen[-1] = 0.0  # the intercept is not penalised
    for _ in range(50):
        p = 1 / (1 + np.exp(-(Xb @ theta)))
        grad = Xb.T @ (p - y) + pen * theta
        if np.abs(grad).max() < 1e-10:
            break
        H = Xb.T @ (Xb * (p * (1 - p))[:, None]) + np.diag(pen)
        theta = theta - np.linalg.solve(H, grad)
    p = 1 / (1 + np.exp(-(Xb @ theta)))
    grad = Xb.T @ (p - y) + pen * theta
    assert np.abs(grad).max() < 1e-9, np.abs(grad).max()
    cases.append({
        "optimum_coef": theta[:d].tolist(),
        "optimum_intercept": float(theta[d]),
        "optimum_grad_max": float(np.abs(grad).max()),
        "l2": l2,
        "coef": model.coef_[0].tolist(),
        "intercept": float(model.intercept_[0]),
        "proba": model.predict_proba(X[:5])[:, 1].tolist(),
    })

out = {
    "generator": f"tests/reference/logreg_sklearn.py, scikit-learn {sklearn.__version__}, numpy {np.__version__}",
    "n": n,
    "d": d,
    "X": X.ravel().tolist(),  # json writes floats with repr: exact round trip
    "y": y.tolist(),
    "cases": cases,
}
path = os.path.join(os.path.dirname(__file__), "fixtures", "logreg_sklearn.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path)
