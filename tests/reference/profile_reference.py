"""Reference values for server/ml/data/profile.ts (column profiles).

Run with Debian's python (numpy 1.24): /usr/bin/python3 tests/reference/profile_reference.py
Writes tests/reference/fixtures/profile.json holding CSV texts and the expected profiles.
Numeric summaries come from numpy (mean, std ddof 0, quantile 'linear'); histogram counts from
np.searchsorted(edges, v, side='left'), i.e. bins (-inf, e1], (e1, e2], ..., (ek, +inf).
"""
import csv
import io
import json
import os
import re
from collections import Counter

import numpy as np

NUMERIC = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
LEVELS = [k / 10 for k in range(11)]


def is_numeric(s):
    return bool(NUMERIC.match(s)) and np.isfinite(float(s))


def profile_csv(text):
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, data = rows[0], rows[1:]
    out = []
    for j, name in enumerate(header):
        cells = [r[j] for r in data]
        present = [c for c in cells if c != ""]
        missing = len(cells) - len(present)
        base = {
            "name": name,
            "nullable": missing > 0,
            "count": len(present),
            "missing": missing,
            "missing_share": missing / len(cells) if cells else 0,
        }
        if all(is_numeric(c) for c in present):
            v = np.array([float(c) for c in present])
            if len(v) == 0:
                out.append({**base, "type": "numeric", "min": None, "max": None, "mean": None, "std": None,
                            "quantiles": [], "histogram": {"bin_edges": [], "counts": [0]}})
                continue
            deciles = np.quantile(v, [k / 10 for k in range(1, 10)])
            edges = []
            for e in deciles:
                if not edges or e != edges[-1]:
                    edges.append(float(e))
            counts = np.bincount(np.searchsorted(np.array(edges), v, side="left"), minlength=len(edges) + 1)
            out.append({
                **base,
                "type": "numeric",
                "min": float(v.min()),
                "max": float(v.max()),
                "mean": float(v.mean()),
                "std": float(v.std(ddof=0)),
                "quantiles": [float(q) for q in np.quantile(v, LEVELS)],
                "histogram": {"bin_edges": edges, "counts": counts.tolist()},
            })
        else:
            counts = Counter(present)
            # Python orders str by code point, the contract's order.
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            top = ranked[:50]
            out.append({
                **base,
                "type": "categorical",
                "distinct": len(counts),
                "categories": [{"value": k, "count": c} for k, c in top],
                "other": len(present) - sum(c for _, c in top),
            })
    return out


def to_csv(header, columns):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in zip(*columns):
        w.writerow(row)
    return buf.getvalue()


rng = np.random.default_rng(7)
cases = []

n = 500
income = [("" if rng.random() < 0.05 else repr(float(x))) for x in rng.lognormal(10, 1, n)]
age = [str(int(x)) for x in rng.integers(18, 90, n)]
region = [("" if rng.random() < 0.1 else str(rng.choice(["north", "south", "east", "west", "Zeta", "é", "😀", "\uffff"]))) for _ in range(n)]
many = ["c%03d" % int(x) for x in rng.integers(0, 120, n)]  # > 50 categories: top 50 + other
code = [str(rng.choice(["007", "7", "07"])) for _ in range(n)]  # categorical? no: all numeric tokens
text = [str(rng.choice(["a,b", 'say "hi"', "line\nbreak", "plain"])) for _ in range(n)]
const = ["3.5"] * n
empty = [""] * n
cases.append({"name": "mixed_500", "csv": to_csv(
    ["income", "age", "region", "many", "code", "text", "const", "empty"],
    [income, age, region, many, code, text, const, empty])})

# `007` and `7` stay distinct in a categorical column.
# Ties in category counts decide by code point; few distinct numeric values (duplicate deciles).
cases.append({"name": "ties_small", "csv": "g,x,z,c\nb,1,,007\na,1,x,7\n😀,2,,7\n\uffff,2,,x\nZ,1,1,007\né,1e3,2,007\n"})
cases.append({"name": "one_row", "csv": "x,y\n-2.5,q\n"})
cases.append({"name": "header_only", "csv": "x,y\n"})

for c in cases:
    c["profiles"] = profile_csv(c["csv"])

path = os.path.join(os.path.dirname(__file__), "fixtures", "profile.json")
with open(path, "w") as f:
    json.dump({"generator": "tests/reference/profile_reference.py", "numpy": np.__version__, "cases": cases}, f, allow_nan=False, ensure_ascii=False)
print(f"wrote {path}: {len(cases)} cases")
