#!/usr/bin/python3
"""Reference outputs for `vigil stats drift`, from an independent Python implementation of its
contract on scipy 1.10.1 / numpy 1.24.

Run with Debian's python:  /usr/bin/python3 tests/reference/drift_cli_reference.py
Writes the CSV pairs under tests/reference/fixtures/drift-cli/ and the expected JSON documents
(one per command line) to tests/reference/fixtures/drift-cli.json; cli/commands/stats-drift.test.ts
runs the CLI on the same files and compares.
"""
import csv
import json
import math
import os
import re

import numpy as np
import scipy
import scipy.stats as st
from scipy.spatial.distance import jensenshannon

assert scipy.__version__.startswith("1.10"), scipy.__version__
HERE = os.path.dirname(__file__)
FIX = os.path.join(HERE, "fixtures")
CSV_DIR = os.path.join(FIX, "drift-cli")
NUM = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


# ------------------------------------------------------------------ the contract, in Python
def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    return header, [[None if c == "" else c for c in r] for r in data]


def is_numeric(cells):
    return all(c is None or (NUM.match(c) and math.isfinite(float(c))) for c in cells)


def auto_method(kind, u, ref_rows):
    if ref_rows <= 1000:
        if u <= 2:
            return "ztest"
        if kind == "numeric" and u > 5:
            return "ks"
        return "chi2"
    if kind == "numeric" and u > 5:
        return "wasserstein"
    return "jensenshannon"


def counts_over(cats, values):
    idx = {c: i for i, c in enumerate(cats)}
    out = [0] * len(cats)
    for v in values:
        out[idx[v]] += 1
    return out


def psi_from_counts(cr, cc):
    pr = np.maximum(np.array(cr, dtype=float) / sum(cr), 0.0001)
    pc = np.maximum(np.array(cc, dtype=float) / sum(cc), 0.0001)
    return float(np.sum((pc - pr) * np.log(pc / pr)))


def column_report(name, ref_cells, cur_cells, method, ref_rows):
    kind = "numeric" if is_numeric(ref_cells) and is_numeric(cur_cells) else "categorical"
    ref = [c for c in ref_cells if c is not None]
    cur = [c for c in cur_cells if c is not None]
    if kind == "numeric":
        ref = [float(c) for c in ref]
        cur = [float(c) for c in cur]
        cats = [float(v) for v in np.unique(np.array(ref + cur, dtype=float))]
    else:
        cats = sorted(set(ref) | set(cur))  # Python orders str by code point
    out = dict(column=name, type=kind, method=None, statistic=None, p_value=None, threshold=None,
               drifted=False, n_reference=len(ref), n_current=len(cur))
    if not ref or not cur:
        out["reason"] = "empty side"
        return out
    u = len(cats)
    m = auto_method(kind, u, ref_rows) if method == "auto" else method
    if m in ("ks", "wasserstein") and kind != "numeric":
        out["reason"] = "numeric only"
        return out
    if m == "ztest" and u > 2:
        out["reason"] = "more than two values"
        return out
    cr = counts_over(cats, ref)
    cc = counts_over(cats, cur)
    p = None
    if m == "ks":
        r = st.ks_2samp(np.array(ref), np.array(cur))
        stat, p = float(r.statistic), float(r.pvalue)
    elif m == "chi2":
        if u == 1:
            stat, p = 0.0, 1.0
        else:
            c2, p, _, _ = st.chi2_contingency(np.array([cr, cc], dtype=float), correction=False)
            stat, p = float(c2), float(p)
    elif m == "ztest":
        n1, n2 = len(ref), len(cur)
        pooled = (cr[0] + cc[0]) / (n1 + n2)
        if u == 1:
            stat, p = 0.0, 1.0
        else:
            stat = (cr[0] / n1 - cc[0] / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
            p = float(2 * st.norm.sf(abs(stat)))
    elif m == "wasserstein":
        stat = float(st.wasserstein_distance(ref, cur) / max(np.std(np.array(ref)), 0.001))
    elif m == "jensenshannon":
        stat = float(jensenshannon(np.array(cr) / len(ref), np.array(cc) / len(cur)))
    elif m == "psi":
        if kind == "numeric":
            edges = np.unique(np.quantile(np.array(ref), np.arange(1, 10) / 10))
            k = len(edges) + 1
            br = np.bincount(np.searchsorted(edges, np.array(ref), side="left"), minlength=k)
            bc = np.bincount(np.searchsorted(edges, np.array(cur), side="left"), minlength=k)
            stat = psi_from_counts(br.tolist(), bc.tolist())
        else:
            stat = psi_from_counts(cr, cc)
    else:
        raise ValueError(m)
    threshold = 0.05 if m in ("ks", "chi2", "ztest") else 0.1
    if p is None:
        drifted = stat >= threshold
    elif m == "ztest":
        drifted = p < threshold
    else:
        drifted = p <= threshold
    out.update(method=m, statistic=stat, p_value=p, threshold=threshold, drifted=bool(drifted))
    return out


def drift(ref_path, cur_path, columns=None, method="auto"):
    rh, rrows = read_csv(ref_path)
    ch, crows = read_csv(cur_path)
    names = columns if columns is not None else [n for n in rh if n in ch]
    cols = []
    for n in names:
        rj, cj = rh.index(n), ch.index(n)
        cols.append(column_report(n, [r[rj] for r in rrows], [r[cj] for r in crows], method, len(rrows)))
    tested = sum(c["method"] is not None for c in cols)
    drifted = sum(c["drifted"] for c in cols)
    share = drifted / tested if tested else 0.0
    return dict(columns=cols, drifted_columns=drifted, drift_share=share, dataset_drift=bool(tested and share >= 0.5))


# ------------------------------------------------------------------ data
def fmt(v):
    return "" if v is None else (v if isinstance(v, str) else repr(float(v)))


def write_csv(name, columns):
    names = list(columns)
    n = len(columns[names[0]])
    path = os.path.join(CSV_DIR, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        for i in range(n):
            w.writerow([fmt(columns[c][i]) for c in names])
    return path


def with_missing(rng, values, share):
    return [None if rng.random() < share else v for v in values]


def small_pair(rng):
    n1, n2 = 300, 250
    ref = dict(
        income=with_missing(rng, rng.normal(50, 10, n1).round(3).tolist(), 0.1),
        flag=rng.integers(0, 2, n1).tolist(),
        grade=rng.integers(1, 5, n1).tolist(),
        tier=rng.integers(1, 7, n1).tolist(),
        region=rng.choice(["north", "south", "east", "west"], n1).tolist(),
        answer=rng.choice(["yes", "no"], n1, p=[0.6, 0.4]).tolist(),
        code=rng.choice(["7", "007", "8", "9"], n1).tolist(),
        constant=["5"] * n1,
        const_diff=["a"] * n1,
        empty_cur=rng.integers(0, 10, n1).tolist(),
        glyph=rng.choice(["\U0001F600", "\ue000"], n1, p=[0.3, 0.7]).tolist(),
        only_ref=list(range(n1)),
    )
    cur = dict(
        region=rng.choice(["north", "south", "east", "Zürich"], n2).tolist(),
        income=with_missing(rng, rng.normal(53, 10, n2).round(3).tolist(), 0.2),
        flag=rng.choice([0, 1], n2, p=[0.3, 0.7]).tolist(),
        grade=rng.integers(1, 6, n2).tolist(),
        tier=rng.integers(1, 7, n2).tolist(),
        answer=rng.choice(["yes", "no"], n2, p=[0.5, 0.5]).tolist(),
        code=rng.choice(["7", "8", "n/a", "007"], n2).tolist(),
        constant=["5"] * n2,
        const_diff=["b"] * n2,
        empty_cur=[None] * n2,
        glyph=rng.choice(["\U0001F600", "\ue000"], n2, p=[0.5, 0.5]).tolist(),
        only_cur=list(range(n2)),
    )
    return write_csv("small-ref.csv", ref), write_csv("small-cur.csv", cur)


def large_pair(rng):
    n1, n2 = 1500, 1200
    ref = dict(
        amount=rng.gamma(2.0, 10.0, n1).round(4).tolist(),
        count=rng.integers(0, 4, n1).tolist(),
        color=rng.choice(["red", "green", "blue"], n1).tolist(),
        disjoint=rng.choice(["a", "b"], n1).tolist(),
        stdzero=[3.0] * n1,
        sparse=[v if i < 50 else None for i, v in enumerate(rng.normal(0, 1, n1).round(3).tolist())],
        flag=rng.integers(0, 2, n1).tolist(),
    )
    cur = dict(
        amount=rng.gamma(2.0, 10.5, n2).round(4).tolist(),
        count=rng.integers(0, 5, n2).tolist(),
        color=rng.choice(["red", "green", "blue"], n2, p=[0.5, 0.3, 0.2]).tolist(),
        disjoint=rng.choice(["c", "d"], n2).tolist(),
        stdzero=rng.integers(0, 8, n2).astype(float).tolist(),
        sparse=rng.normal(0.05, 1, n2).round(3).tolist(),
        flag=rng.integers(0, 2, n2).tolist(),
    )
    return write_csv("large-ref.csv", ref), write_csv("large-cur.csv", cur)


def boundary_pairs(rng):
    out = []
    for n1 in (1000, 1001):
        ref = dict(x=rng.normal(0, 1, n1).round(2).tolist(), y=rng.choice(["p", "q", "r"], n1).tolist())
        # The last reference row is all missing: it still counts as a data row.
        ref["x"][-1] = None
        ref["y"][-1] = None
        cur = dict(x=rng.normal(0.1, 1, 400).round(2).tolist(), y=rng.choice(["p", "q", "r"], 400).tolist())
        out.append((write_csv(f"boundary-{n1}-ref.csv", ref), write_csv(f"boundary-{n1}-cur.csv", cur)))
    return out


def main():
    os.makedirs(CSV_DIR, exist_ok=True)
    rng = np.random.default_rng(7)
    small = small_pair(rng)
    large = large_pair(rng)
    bounds = boundary_pairs(rng)
    rel = lambda p: os.path.relpath(p, FIX)
    runs = []

    def run(name, pair, columns=None, method=None):
        args = ["--reference", rel(pair[0]), "--current", rel(pair[1])]
        if columns is not None:
            args += ["--columns", ",".join(columns)]
        if method is not None:
            args += ["--method", method]
        runs.append(dict(name=name, args=args, expected=drift(pair[0], pair[1], columns, method or "auto")))

    run("small auto", small)
    for m in ["ks", "chi2", "ztest", "wasserstein", "jensenshannon", "psi"]:
        run(f"small {m}", small, method=m)
    run("small --columns order", small, columns=["answer", "income", "code"])
    run("large auto", large)
    run("large psi", large, method="psi")
    run("large ks (asymptotic not needed: exact up to 10000)", large, method="ks")
    run("large chi2", large, method="chi2")
    run("boundary 1000 rows (small rules)", bounds[0])
    run("boundary 1001 rows (large rules)", bounds[1])

    meta = dict(generator="tests/reference/drift_cli_reference.py", scipy=scipy.__version__, numpy=np.__version__)
    with open(os.path.join(FIX, "drift-cli.json"), "w") as f:
        json.dump(dict(meta=meta, cases=runs), f, indent=1, ensure_ascii=False)
    print("wrote", len(runs), "runs")


if __name__ == "__main__":
    main()
