"""Deterministic sample generator shared with server/ml/stats/test-rng.ts.

mulberry32 on unsigned 32-bit integers, and samples built only from +, * and floor on values
that are exact in binary64, so Python and TypeScript produce bit-identical data without the
fixtures having to store large samples.
"""
import math

M = 0xFFFFFFFF


def _imul(x, y):
    return (x * y) & M


class Mulberry32:
    def __init__(self, seed):
        self.a = seed & M

    def next(self):
        self.a = (self.a + 0x6D2B79F5) & M
        a = self.a
        t = _imul(a ^ (a >> 15), 1 | a)
        t = ((t + _imul(t ^ (t >> 7), 61 | t)) & M) ^ t
        return ((t ^ (t >> 14)) & M) / 4294967296.0


def sample(spec):
    """spec: {seed, n, shift, scale, ties}. Irwin-Hall(4) (sum of 4 uniforms, exact in binary64),
    times scale plus shift; with ties = k > 0 the value is floor(value * k) / k."""
    rng = Mulberry32(spec["seed"])
    out = []
    for _ in range(spec["n"]):
        s = ((rng.next() + rng.next()) + rng.next()) + rng.next()
        v = s * spec["scale"] + spec["shift"]
        k = spec.get("ties", 0)
        if k:
            v = math.floor(v * k) / k
        out.append(v)
    return out
