#!/usr/bin/python3
"""Reference values for server/ml/stats (drift statistics), computed with scipy 1.10.1 / numpy 1.24
(and mpmath at 40 digits for the incomplete gamma function, where scipy itself errs by ~1e-12).

Run with Debian's python (it has scipy):  /usr/bin/python3 tests/reference/drift_reference.py
Writes tests/reference/fixtures/drift-special.json, drift-ks.json and drift-tests.json, which the
vitest suites in server/ml/stats/ read (CI has no python).
"""
import json
import math
import os
import sys
import warnings

import mpmath
import numpy as np
import scipy
import scipy.special as sp
import scipy.stats as st
from scipy.spatial.distance import jensenshannon

sys.path.insert(0, os.path.dirname(__file__))
from drift_rng import sample  # noqa: E402

assert scipy.__version__.startswith("1.10"), scipy.__version__
OUT = os.path.join(os.path.dirname(__file__), "fixtures")


def fl(x):
    """JSON-safe float (inf/nan as strings)."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


# ---------------------------------------------------------------- special functions
mpmath.mp.dps = 40


def mp_or_none(f):
    """mpmath's value, or None where its series does not converge within its default term limit."""
    try:
        return fl(f())
    except mpmath.libmp.libhyper.NoConvergence:
        return None


def chi2_mp(x, df):
    return mp_or_none(lambda: mpmath.gammainc(mpmath.mpf(df) / 2, mpmath.mpf(x) / 2, mpmath.inf, regularized=True))


def special_cases():
    lgamma = [[x, fl(sp.gammaln(x))] for x in
              [1e-8, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 7.25, 10.0, 14.9, 15.0, 20.5, 100.0, 1000.5, 1e5, 1e7]]

    gamma_inc = []
    for a in [0.5, 1.0, 1.5, 2.0, 5.0, 10.5, 25.0, 50.0, 100.0, 250.5, 1000.0, 5000.0, 1e5]:
        for r in [1e-3, 0.01, 0.1, 0.5, 0.9, 0.99, 1.0, 1.01, 1.1, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0]:
            x = a * r
            gamma_inc.append([a, x, fl(sp.gammaincc(a, x)), fl(sp.gammainc(a, x)),
                              mp_or_none(lambda: mpmath.gammainc(a, x, mpmath.inf, regularized=True)),
                              mp_or_none(lambda: mpmath.gammainc(a, 0, x, regularized=True))])

    chi2 = []
    for df in [1, 2, 3, 4, 9, 30, 99, 999, 9999]:
        for p in [0.9, 0.5, 0.05, 1e-5, 1e-20, 1e-50, 1e-100, 1e-200, 1e-300]:
            x = float(st.chi2.isf(p, df))
            chi2.append([x, df, fl(st.chi2.sf(x, df)), chi2_mp(x, df)])
        for x in [0.0, 1e-10, 0.5 * df, float(df), 2.0 * df]:
            chi2.append([x, df, fl(st.chi2.sf(x, df)), chi2_mp(x, df)])

    norm = []
    for z in [-40.0, -8.0, -3.0, -1.0, -0.5, -1e-9, 0.0, 1e-9, 0.25, 0.7071, 1.0, 1.5, 2.0, 3.0, 5.0,
              8.0, 10.0, 20.0, 30.0, 35.0, 37.0, 37.5, 38.0, 38.4, 40.0]:
        norm.append([z, fl(st.norm.sf(z)), fl(2 * st.norm.sf(abs(z)))])
    erfc = [[x, fl(sp.erfc(x))] for x in [-3.0, -0.5, 0.0, 1e-8, 0.3, 0.7, 0.99, 1.0, 1.01, 2.0, 5.0, 10.0, 20.0, 26.0, 27.0]]

    smirnov = []
    kstwo = []
    for n in [1, 2, 3, 5, 10, 50, 100, 140, 141, 200, 1000, 5000, 10000, 50000, 100000, 100001, 1000000, 1000001, 3000000]:
        xs = set()
        for t in [0.3, 0.5, 0.75, 1.0, 1.5]:
            xs.add(t / n)
        for c in [0.05, 0.1, 0.3, 0.5, 0.754, 0.76, 1.0, 1.5, 2.0, 2.19, 2.2, 2.21, 3.0, 4.0, 4.01, 5.0,
                  10.0, 18.0, 20.0, 50.0, 100.0, 200.0, 369.0, 371.0]:
            xs.add(math.sqrt(c / n))
        for x in [0.3, 0.49, 0.5, 0.7, 0.9, 1 - 1.5 / n, 1 - 0.5 / n, 1.0]:
            xs.add(x)
        for x in sorted(xs):
            if not (0 < x <= 1):
                continue
            smirnov.append([n, x, fl(sp.smirnov(n, x))])
            kstwo.append([n, x, fl(st.kstwo.sf(x, n))])

    return dict(lgamma=lgamma, gamma_inc=gamma_inc, chi2_sf=chi2, norm_sf=norm, erfc=erfc,
                smirnov=smirnov, kstwo_sf=kstwo)


# ---------------------------------------------------------------- KS two-sample
def ks_cases():
    explicit = [
        ("n=1 each, equal", [1.0], [1.0]),
        ("n=1 each, different", [1.0], [2.0]),
        ("n=1 vs 2", [0.0], [1.0, 2.0]),
        ("identical samples", [1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0]),
        ("D=1 equal sizes", [1.0, 2.0, 3.0], [4.0, 5.0, 6.0]),
        ("D=1 unequal sizes", [1.0, 2.0, 3.0, 3.5], [4.0, 5.0, 6.0]),
        ("D=1 reversed", [10.0, 11.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]),
        ("many ties", [0, 0, 0, 1, 1, 1, 1, 2, 2, 3], [0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3]),
        ("all ties one value each side", [5.0] * 8, [5.0] * 3),
        ("interleaved", [1, 3, 5, 7, 9, 11], [2, 4, 6, 8, 10]),
        ("negative zero", [-0.0, 0.0, 1.0], [0.0, 2.0]),
        ("n=10 vs 9", [0.1, 0.5, 0.9, 1.3, 1.7, 2.1, 2.5, 2.9, 3.3, 3.7], [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    ]
    # D = 1/n with equal sizes: the exact sum rounds to 1.0000000000000002, outside [0, 1], so
    # scipy falls back to the asymptotic distribution.
    for n in [5, 7, 13, 14, 40]:
        explicit.append((f"exact falls back, n={n}", list(range(n)), [v + 0.5 for v in range(n)]))

    def ks(a, b):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            r = st.ks_2samp(a, b)
        fallback = any("Exact calculation unsuccessful" in str(x.message) for x in w)
        return dict(statistic=fl(r.statistic), p_value=fl(r.pvalue), exact_fallback=fallback)

    out = []
    for name, a, b in explicit:
        r = ks(np.array(a, dtype=float), np.array(b, dtype=float))
        out.append(dict(name=name, a=[float(v) for v in a], b=[float(v) for v in b], **r))

    def gen(name, n1, n2, shift, seed, ties=0, scale=1.0):
        sa = dict(seed=seed, n=n1, shift=0.0, scale=scale, ties=ties)
        sb = dict(seed=seed + 1000, n=n2, shift=shift, scale=scale, ties=ties)
        a = np.array(sample(sa))
        b = np.array(sample(sb))
        out.append(dict(name=name, spec_a=sa, spec_b=sb, **ks(a, b)))

    seed = 1
    for n1 in range(1, 11):
        for n2 in range(1, 11):
            seed += 1
            gen(f"tiny {n1}x{n2}", n1, n2, 0.3 * ((n1 + n2) % 3), seed)
    for (n1, n2) in [(20, 20), (25, 40), (64, 48), (100, 100), (100, 37), (500, 499), (1000, 1000),
                     (1000, 3000), (2500, 10000), (9000, 10000), (10000, 10000), (9000, 10001),
                     (10001, 10001), (1, 10001), (5, 12000), (60, 15000), (140, 30000), (141, 30000),
                     (20000, 30000), (50000, 60000), (150000, 200000)]:
        for shift in [0.0, 0.02, 0.1, 0.5, 3.0]:
            seed += 1
            gen(f"{n1}x{n2} shift {shift}", n1, n2, shift, seed)
    for (n1, n2, k) in [(30, 40, 2), (200, 300, 3), (5000, 6000, 4), (9000, 10001, 5), (20000, 20000, 10)]:
        for shift in [0.0, 0.1]:
            seed += 1
            gen(f"ties {n1}x{n2} k={k} shift {shift}", n1, n2, shift, seed, ties=k)
    return out


# ---------------------------------------------------------------- count-based tests
def chi2_case(name, ref, cur):
    table = np.array([ref, cur], dtype=float)
    k = table.shape[1]
    if k == 1:
        stat, p = 0.0, 1.0
    else:
        stat, p, dof, _ = st.chi2_contingency(table, correction=False)
    return dict(name=name, ref=ref, cur=cur, statistic=fl(stat), p_value=fl(p))


def ztest_case(name, c1, n1, c2, n2):
    p1 = c1 / n1
    p2 = c2 / n2
    pooled = (c1 + c2) / (n1 + n2)
    if pooled in (0.0, 1.0):
        z, p = 0.0, 1.0
    else:
        z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
        p = 2 * st.norm.sf(abs(z))
    return dict(name=name, ref_first=c1, n_ref=n1, cur_first=c2, n_cur=n2, statistic=fl(z), p_value=fl(p))


def js_case(name, ref, cur):
    pr = np.array(ref, dtype=float) / sum(ref)
    pc = np.array(cur, dtype=float) / sum(cur)
    return dict(name=name, ref=ref, cur=cur, statistic=fl(jensenshannon(pr, pc)))


def psi_counts(ref, cur):
    pr = np.maximum(np.array(ref, dtype=float) / sum(ref), 0.0001)
    pc = np.maximum(np.array(cur, dtype=float) / sum(cur), 0.0001)
    return float(np.sum((pc - pr) * np.log(pc / pr)))


def psi_edges(ref):
    q = np.quantile(np.array(ref, dtype=float), np.arange(1, 10) / 10)
    return np.unique(q)


def psi_numeric(ref, cur):
    edges = psi_edges(ref)
    # bin i = number of edges strictly below the value: (-inf, e1], (e1, e2], ..., (ek, inf)
    br = np.searchsorted(edges, np.array(ref, dtype=float), side="left")
    bc = np.searchsorted(edges, np.array(cur, dtype=float), side="left")
    k = len(edges) + 1
    cr = np.bincount(br, minlength=k).tolist()
    cc = np.bincount(bc, minlength=k).tolist()
    return edges, cr, cc, psi_counts(cr, cc)


def wasserstein_case(name, u, v, uw=None, vw=None):
    d = st.wasserstein_distance(u, v, uw, vw)
    if uw is None:
        sd = float(np.std(np.array(u, dtype=float)))
    else:
        w = np.array(uw, dtype=float)
        x = np.array(u, dtype=float)
        mu = np.sum(w * x) / np.sum(w)
        sd = float(np.sqrt(np.sum(w * (x - mu) ** 2) / np.sum(w)))
    return dict(name=name, u=u, v=v, u_weights=uw, v_weights=vw, distance=fl(d), std=fl(sd),
                normalized=fl(d / max(sd, 0.001)))


def count_cases():
    chi2 = [
        chi2_case("2 categories", [30, 70], [45, 55]),
        chi2_case("identical proportions", [10, 20, 30], [20, 40, 60]),
        chi2_case("one category", [12], [7]),
        chi2_case("new category in current", [50, 50, 0], [40, 40, 20]),
        chi2_case("vanished category", [30, 30, 40], [50, 50, 0]),
        chi2_case("disjoint", [10, 10, 0, 0], [0, 0, 5, 15]),
        chi2_case("tiny p", [5000, 100, 100], [100, 5000, 100]),
        chi2_case("p near 1e-300", [700, 10, 300], [10, 700, 300]),
        chi2_case("p underflows", [100000, 0], [0, 100000]),
    ]
    rng = np.random.default_rng(20240611)
    for k in [10, 100, 1000, 5000]:
        ref = rng.integers(1, 50, size=k).tolist()
        cur = (np.array(ref) + rng.integers(0, 5, size=k)).tolist()
        chi2.append(chi2_case(f"{k} categories near-equal", ref, cur))
        cur2 = rng.integers(1, 50, size=k).tolist()
        chi2.append(chi2_case(f"{k} categories different", ref, cur2))

    z = [
        ztest_case("balanced", 50, 100, 60, 100),
        ztest_case("unequal n", 300, 1000, 25, 40),
        ztest_case("one side constant", 100, 100, 70, 120),
        ztest_case("other side constant", 3, 9, 0, 12),
        ztest_case("both constant different", 40, 40, 0, 25),
        ztest_case("both constant same", 40, 40, 25, 25),
        ztest_case("huge z", 999000, 1000000, 1000, 1000000),
        ztest_case("z about 37", 60000, 100000, 51816, 100000),
        ztest_case("no difference", 250, 1000, 500, 2000),
    ]

    js = [
        js_case("same", [1, 2, 3], [2, 4, 6]),
        js_case("disjoint", [5, 5, 0, 0], [0, 0, 3, 7]),
        js_case("new category", [10, 10, 0], [10, 10, 5]),
        js_case("small shift", [100, 200, 300, 400], [110, 190, 310, 390]),
        js_case("one category each side", [7, 0], [0, 9]),
    ]

    psi = []
    for name, ref, cur in [
        ("same", [10, 20, 30], [1, 2, 3]),
        ("new category", [50, 50, 0], [40, 40, 20]),
        ("vanished category", [30, 30, 40], [50, 50, 0]),
        ("disjoint", [10, 0], [0, 10]),
    ]:
        psi.append(dict(name=name, ref=ref, cur=cur, statistic=psi_counts(ref, cur)))

    psi_num = []
    for name, sa, sb in [
        ("continuous", dict(seed=501, n=1000, shift=0.0, scale=1.0), dict(seed=502, n=800, shift=0.3, scale=1.0)),
        ("duplicate edges (ties)", dict(seed=503, n=500, shift=0.0, scale=1.0, ties=2),
         dict(seed=504, n=400, shift=0.1, scale=1.0, ties=2)),
        ("small reference", dict(seed=505, n=7, shift=0.0, scale=1.0), dict(seed=506, n=50, shift=0.0, scale=1.0)),
        ("single reference value", dict(seed=507, n=1, shift=0.0, scale=1.0), dict(seed=508, n=20, shift=0.0, scale=1.0)),
    ]:
        edges, cr, cc, val = psi_numeric(sample(sa), sample(sb))
        psi_num.append(dict(name=name, spec_a=sa, spec_b=sb, edges=[float(e) for e in edges],
                            ref_counts=cr, cur_counts=cc, statistic=val))
    # Exact quantile edges for hand-made data: values landing exactly on edges.
    for name, ref, cur in [
        ("constant reference", [3.0] * 10, [1.0, 3.0, 3.0, 5.0]),
        ("integers 1..10", [float(i) for i in range(1, 11)], [1.0, 1.9, 2.0, 2.1, 5.5, 9.9, 10.0, 11.0]),
        ("quantile rounding", [0.1 * i for i in range(21)], [0.1 * i for i in range(0, 21, 2)] + [0.35, 1.05]),
    ]:
        edges, cr, cc, val = psi_numeric(ref, cur)
        psi_num.append(dict(name=name, a=ref, b=cur, edges=[float(e) for e in edges], ref_counts=cr,
                            cur_counts=cc, statistic=val))

    wass = [
        wasserstein_case("docstring 1", [0.0, 1.0, 3.0], [5.0, 6.0, 8.0]),
        wasserstein_case("docstring weighted", [0.0, 1.0], [0.0, 1.0], [3.0, 1.0], [2.0, 2.0]),
        wasserstein_case("docstring weighted 2", [3.4, 3.9, 7.5, 7.8], [4.5, 1.4], [1.4, 0.9, 3.1, 7.2], [3.2, 3.5]),
        wasserstein_case("constant reference (std 0)", [2.0] * 5, [2.0, 2.5, 3.0]),
        wasserstein_case("constant both", [2.0] * 5, [2.0] * 3),
        wasserstein_case("ties", [1.0, 1.0, 2.0, 2.0, 2.0, 5.0], [1.0, 2.0, 2.0, 7.0]),
        wasserstein_case("counts as weights", [1.0, 2.0, 5.0], [1.0, 2.0, 7.0], [2.0, 3.0, 1.0], [1.0, 2.0, 1.0]),
    ]
    a = sample(dict(seed=601, n=3000, shift=0.0, scale=2.0))
    b = sample(dict(seed=602, n=2500, shift=0.4, scale=1.5))
    d = wasserstein_case("generated", a, b)
    d.pop("u")
    d.pop("v")
    d["spec_a"] = dict(seed=601, n=3000, shift=0.0, scale=2.0)
    d["spec_b"] = dict(seed=602, n=2500, shift=0.4, scale=1.5)
    wass.append(d)

    return dict(chi2=chi2, ztest=z, jensenshannon=js, psi_counts=psi, psi_numeric=psi_num, wasserstein=wass)


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = dict(generator="tests/reference/drift_reference.py", scipy=scipy.__version__, numpy=np.__version__)
    for fname, payload in [("drift-special.json", special_cases()), ("drift-ks.json", ks_cases()),
                           ("drift-tests.json", count_cases())]:
        with open(os.path.join(OUT, fname), "w") as f:
            json.dump(dict(meta=meta, cases=payload), f, separators=(",", ":"))
        print("wrote", fname)


if __name__ == "__main__":
    main()
