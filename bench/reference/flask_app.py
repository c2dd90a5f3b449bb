"""The Python baseline for `npm run bench:serve`: the model server many teams write first.

Flask behind gunicorn, a scikit-learn Pipeline equivalent to Vigil's demo feature spec
(server/demo/loan-spec.ts: impute median / clip / log1p / standardize numeric columns, one-hot
categories) in front of LogisticRegression (C = 1, as Vigil's l2 = 1), trained at start-up on
the same generated CSV the Vigil model is trained on (path in BENCH_TRAIN_CSV). Same request and
response shape as Vigil's JSON predict API. Unlike Vigil it validates little and logs nothing:
the comparison flatters it.

Run: BENCH_TRAIN_CSV=train.csv gunicorn --preload -w 2 -k gthread --threads 8 \
       -b 127.0.0.1:PORT --chdir bench/reference flask_app:app
Needs Debian's python3-flask, gunicorn, python3-sklearn (numpy comes with it); no pandas.
"""
import csv
import os
import uuid

import numpy as np
from flask import Flask, jsonify, request
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

# Column order of the model input matrix, and how each numeric column is prepared (as in
# loan-spec.ts). Everything is imputed with the median first: harmless where nothing is missing.
PLAIN = ["age", "num_open_accounts", "credit_score", "term_months", "interest_rate", "debt_to_income"]
LOG = ["annual_income", "loan_amount"]
CLIP_EMPLOYMENT = ["employment_years"]  # clip [0, 40]
CLIP_DELINQ = ["delinquencies_2y"]  # clip (-inf, 10]
CATEGORICAL = ["region", "home_ownership", "purpose"]
NUMERIC = PLAIN + LOG + CLIP_EMPLOYMENT + CLIP_DELINQ
COLUMNS = NUMERIC + CATEGORICAL


def clip_0_40(x):
    return np.clip(x, 0, 40)


def clip_max_10(x):
    return np.minimum(x, 10)


def idx(names):
    return [COLUMNS.index(n) for n in names]


def numeric_block(*steps):
    return Pipeline([("impute", SimpleImputer(strategy="median")), *steps, ("scale", StandardScaler())])


def build_pipeline():
    pre = ColumnTransformer(
        [
            ("plain", numeric_block(), idx(PLAIN)),
            ("log", numeric_block(("log1p", FunctionTransformer(np.log1p))), idx(LOG)),
            ("employment", numeric_block(("clip", FunctionTransformer(clip_0_40))), idx(CLIP_EMPLOYMENT)),
            ("delinquencies", numeric_block(("clip", FunctionTransformer(clip_max_10))), idx(CLIP_DELINQ)),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), idx(CATEGORICAL)),
        ]
    )
    return Pipeline([("prep", pre), ("model", LogisticRegression(C=1.0, max_iter=1000))])


def to_matrix(rows):
    """JSON rows (or CSV dicts) → object matrix: numeric columns as float (missing → NaN)."""
    X = np.empty((len(rows), len(COLUMNS)), dtype=object)
    for i, r in enumerate(rows):
        for j, c in enumerate(NUMERIC):
            v = r.get(c)
            X[i, j] = np.nan if v is None or v == "" else float(v)
        for j, c in enumerate(CATEGORICAL, start=len(NUMERIC)):
            X[i, j] = str(r[c])
    return X


def train(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    y = np.array([int(r["default"]) for r in rows])
    return build_pipeline().fit(to_matrix(rows), y)


pipeline = train(os.environ["BENCH_TRAIN_CSV"])
app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(ready=True)


@app.post("/v1/models/<name>/predict")
def predict(name):
    body = request.get_json()
    rows = body.get("rows") if isinstance(body, dict) else None
    if not isinstance(rows, list) or not rows:
        return jsonify(error="rows: must be a non-empty array of objects"), 400
    try:
        scores = pipeline.predict_proba(to_matrix(rows))[:, 1]
    except (KeyError, TypeError, ValueError) as e:
        return jsonify(error=f"bad row: {e}"), 400
    preds = [
        {"prediction_id": str(uuid.uuid4()), "model_version": 1, "score": float(s), "label": int(s >= 0.5)}
        for s in scores
    ]
    return jsonify(model=name, model_version=1, predictions=preds)
