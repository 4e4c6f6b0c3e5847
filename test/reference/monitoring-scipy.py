"""Reference values for the monitoring statistics (shared/monitoring/), computed with SciPy.

Not part of `npm test`: it was run once and its output is committed as
test/unit/monitoring/scipy-reference.json, which the unit tests read. Run it again to recompute
(any Python 3.10+, outside the repo's Node toolchain):

    python3 -m venv /tmp/venv-scipy && /tmp/venv-scipy/bin/pip install scipy numpy statsmodels
    /tmp/venv-scipy/bin/python test/reference/monitoring-scipy.py > test/unit/monitoring/scipy-reference.json

Generated samples are described by a spec ({seed, n, dist, loc, scale, k}) rather than stored:
`expand` below and test/helpers/samples.ts produce the same doubles from the same mulberry32
stream (only +, -, *, floor are applied to the draws, which IEEE 754 rounds identically in
Python and JavaScript).
"""
import json
import platform
import sys
import warnings

import numpy as np
import scipy
import statsmodels
from scipy import stats
from scipy.stats.contingency import association
from statsmodels.stats.multitest import multipletests

MASK = 0xFFFFFFFF


def imul(a, b):
    return (a * b) & MASK


def mulberry32(seed):
    """The generator of test/helpers/prng.ts, bit for bit (unsigned 32-bit arithmetic)."""
    a = seed & MASK
    while True:
        a = (a + 0x6D2B79F5) & MASK
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & MASK
        yield ((t ^ (t >> 14)) & MASK) / 4294967296


def draws_array(seed, count):
    """`count` draws of mulberry32(seed) at once: its state is a counter, so it vectorises."""
    a = (np.uint64(seed & MASK) + np.arange(1, count + 1, dtype=np.uint64) * np.uint64(0x6D2B79F5)) & np.uint64(MASK)
    m = np.uint64(MASK)
    t = ((a ^ (a >> np.uint64(15))) * (a | np.uint64(1))) & m
    t ^= (t + (((t ^ (t >> np.uint64(7))) * (t | np.uint64(61))) & m)) & m
    return ((t ^ (t >> np.uint64(14))) & m).astype(np.float64) / 4294967296


def expand(spec):
    if isinstance(spec, list):
        return np.array(spec, dtype=np.float64)
    loc, scale, k, n = spec.get("loc", 0), spec.get("scale", 1), spec.get("k", 10), spec["n"]
    if spec["dist"] == "uniform":
        return loc + scale * draws_array(spec["seed"], n)
    if spec["dist"] == "integer":
        return loc + np.floor(k * draws_array(spec["seed"], n))
    u = draws_array(spec["seed"], 4 * n).reshape(n, 4)
    s = ((u[:, 0] + u[:, 1]) + u[:, 2]) + u[:, 3]
    return loc + scale * (s - 2)


def gen(seed, n, dist="irwin-hall", **kw):
    return {"seed": seed, "n": n, "dist": dist, **kw}


KS_CASES = [
    ("small, no ties, unequal sizes", [1.2, 3.4, 0.5, 2.2, 5.1], [0.3, 0.9, 4.4, 2.8, 1.7, 3.3, 6.0], "auto"),
    ("one value each, different", [1.0], [2.0], "auto"),
    ("one value each, identical", [1.0], [1.0], "auto"),
    ("one against three", [5.0], [1.0, 2.0, 3.0], "auto"),
    ("ties across samples", [1, 1, 2, 2, 2, 3], [2, 2, 3, 3, 4, 4, 4, 5], "auto"),
    ("identical samples n=1000", gen(3, 1000), gen(3, 1000), "auto"),
    ("exact, 500 vs 700, shift 0.1", gen(1, 500), gen(2, 700, loc=0.1), "auto"),
    ("exact, ties (10 integers), 300 vs 450", gen(4, 300, "integer", k=10), gen(5, 450, "integer", k=10, loc=0), "auto"),
    ("exact, 10000 vs 10000, shift 0.02", gen(6, 10000), gen(7, 10000, loc=0.02), "auto"),
    ("exact, 10000 vs 9999 (large lcm)", gen(8, 10000), gen(9, 9999), "auto"),
    ("exact, 1000 vs 1500 uniform", gen(10, 1000, "uniform"), gen(11, 1500, "uniform"), "auto"),
    ("asymp (auto), 20000 vs 15000, shift 0.03", gen(12, 20000), gen(13, 15000, loc=0.03), "auto"),
    ("asymp, 10^6 vs 10^6, same distribution", gen(14, 1000000), gen(15, 1000000), "auto"),
    ("asymp, 10^6 vs 10^6, shift 0.005", gen(16, 1000000), gen(17, 1000000, loc=0.005), "auto"),
    ("asymp, 10^6 vs 10^6, shift 0.012 (p ~ 1e-28)", gen(18, 1000000), gen(19, 1000000, loc=0.012), "auto"),
    ("asymp, 10^6 vs 10^6, shift 0.05 (p underflows)", gen(20, 1000000), gen(21, 1000000, loc=0.05), "auto"),
    ("asymp, ties (1000 integers), 10^6 vs 5x10^5", gen(22, 1000000, "integer", k=1000), gen(23, 500000, "integer", k=1000), "auto"),
    ("asymp, 1 vs 10^6", [0.3], gen(24, 1000000), "auto"),
    ("asymp, 3 vs 20000", [0.1, -0.4, 0.9], gen(25, 20000), "auto"),
    ("exact forced, 10^6 vs 10^6, shift 0.005", gen(16, 1000000), gen(17, 1000000, loc=0.005), "exact"),
    ("exact forced, 10^6 vs 999999 (falls back to asymp)", gen(26, 1000000), gen(27, 999999), "exact"),
    ("asymp forced, 50 vs 60", gen(28, 50), gen(29, 60, loc=0.3), "asymp"),
    ("asymp forced, 200 vs 300", gen(30, 200), gen(31, 300, loc=0.2), "asymp"),
    ("asymp forced, 20001 vs 20001 (round half to even)", gen(32, 20001), gen(33, 20001, loc=0.01), "asymp"),
    ("exact forced, 40 vs 40 identical values shifted", gen(34, 40, "integer", k=5), gen(34, 40, "integer", k=5, loc=1), "exact"),
]


def kstwo_grid():
    ns = [1, 2, 3, 5, 10, 50, 100, 140, 141, 500, 1000, 10000, 100000, 100001, 500000, 1000000, 1000001, 2000000]
    nx2 = [0.05, 0.3, 0.754, 0.76, 1.0, 2.0, 2.19, 2.21, 3.9, 4.1, 8.0, 20.0, 100.0, 300.0, 369.0]
    out = []
    for n in ns:
        ds = {0.3 / n, 0.75 / n, 1.0 / n, 0.5, 0.6, 0.95, 1 - 0.5 / n}
        ds |= {float(np.sqrt(v / n)) for v in nx2}
        for d in sorted(ds):
            if 0 < d < 1:
                out.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})
    return out


CHI2_CASES = [
    ("2x2, Yates (default)", [[10, 20], [30, 40]], True),
    ("2x2, no correction", [[10, 20], [30, 40]], False),
    ("2x2, SciPy docs", [[12, 3], [17, 16]], True),
    ("2x2, differences under 0.5 (correction capped)", [[5, 5], [5, 6]], True),
    ("2x2, one per diagonal", [[1, 0], [0, 1]], True),
    ("2x3, SciPy docs", [[10, 10, 20], [20, 20, 20]], True),
    ("2x3", [[10, 20, 30], [6, 9, 17]], True),
    ("1x3 (dof 0)", [[5, 10, 15]], True),
    ("3x1 (dof 0)", [[5], [10], [15]], True),
    ("2x2, ~10^6 counts, small difference", [[500000, 498000], [501000, 500900]], True),
    ("2x2, ~10^6 counts, no correction", [[500000, 498000], [501000, 500900]], False),
    ("2x2, extreme p ~ 1e-108", [[300, 20], [20, 300]], True),
    ("2x2, p underflows to 0", [[1000, 10], [10, 1000]], True),
    ("2x2 with a zero cell", [[0, 5], [5, 5]], True),
    ("non-integer counts", [[2.5, 3.5], [4.0, 1.0]], False),
    ("identical rows", [[7, 14, 21], [7, 14, 21]], True),
]


def chi2_generated():
    draws = mulberry32(40)
    t10 = [[int(np.floor(next(draws) * 50)) + 1 for _ in range(10)] for _ in range(10)]
    draws = mulberry32(41)
    wide = [[int(np.floor(next(draws) * 20)) + 1 for _ in range(1000)] for _ in range(2)]
    return [("10x10 generated (seed 40, 1 + floor(50u))", t10, True),
            ("2x1000 generated (seed 41, 1 + floor(20u), dof 999)", wide, True)]


CHI2_SF_GRID = [(x, df) for df in (1, 2, 3, 10, 99, 999, 100000)
                for x in (1e-8, 0.01, 0.5, 1.0, 3.84, 10.0, 50.0, 200.0, 1000.0, 1400.0, df * 0.9, df * 1.1, df + 5 * np.sqrt(2 * df))]

WASSERSTEIN_CASES = [
    ("SciPy docs", [0, 1, 3], [5, 6, 8]),
    ("ties, unequal sizes", [1, 1, 2, 2, 2, 3], [2, 2, 3, 3, 4, 4, 4, 5]),
    ("one value each", [1.0], [4.5]),
    ("identical", [0.5, 0.7, 0.9], [0.9, 0.5, 0.7]),
    ("10^5 vs 8x10^4, shift 0.1", gen(50, 100000), gen(51, 80000, loc=0.1)),
]

BH95 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0]
P_TABLES = [
    ("Benjamini & Hochberg (1995), table of 15 p-values", BH95),
    ("unsorted, with ties", [0.01, 0.04, 0.03, 0.04, 0.2, 0.001, 0.5]),
    ("one p-value", [0.03]),
]


def main():
    warnings.simplefilter("ignore")
    ks = []
    for name, a, b, method in KS_CASES:
        res = stats.ks_2samp(expand(a), expand(b), method=method)
        ks.append({"name": name, "a": a, "b": b, "method": method,
                   "call": f"scipy.stats.ks_2samp(a, b, method='{method}')",
                   "statistic": float(res.statistic), "pValue": float(res.pvalue)})
    chi2 = []
    for name, table, correction in CHI2_CASES + chi2_generated():
        res = stats.chi2_contingency(np.array(table, dtype=np.float64), correction=correction)
        entry = {"name": name, "table": table, "correction": correction,
                 "call": f"scipy.stats.chi2_contingency(table, correction={correction})",
                 "statistic": float(res.statistic), "pValue": float(res.pvalue), "dof": int(res.dof)}
        if all(isinstance(v, int) for row in table for v in row) and min(len(table), len(table[0])) > 1:
            entry["cramersV"] = float(association(np.array(table), method="cramer"))
        chi2.append(entry)
    chi2_sf = [{"x": float(x), "dof": int(df), "sf": float(stats.chi2.sf(x, df))} for x, df in CHI2_SF_GRID]
    wasserstein = [{"name": name, "a": a, "b": b, "distance": float(stats.wasserstein_distance(expand(a), expand(b)))}
                   for name, a, b in WASSERSTEIN_CASES]
    adjust = []
    for name, p in P_TABLES:
        adjust.append({"name": name, "p": p,
                       "bh": [float(v) for v in multipletests(p, method="fdr_bh")[1]],
                       "holm": [float(v) for v in multipletests(p, method="holm")[1]],
                       "bhScipy": [float(v) for v in stats.false_discovery_control(p, method="bh")]})
    out = {
        "provenance": {
            "script": "test/reference/monitoring-scipy.py",
            "python": platform.python_version(),
            "scipy": scipy.__version__,
            "numpy": np.__version__,
            "statsmodels": statsmodels.__version__,
            "calls": {
                "ks": "scipy.stats.ks_2samp(a, b, method=...) (two-sided)",
                "kstwo": "scipy.stats.kstwo.sf(d, n)",
                "chi2": "scipy.stats.chi2_contingency(table, correction=...); "
                        "scipy.stats.contingency.association(table, method='cramer')",
                "chi2Sf": "scipy.stats.chi2.sf(x, dof)",
                "wasserstein": "scipy.stats.wasserstein_distance(a, b)",
                "adjust": "statsmodels.stats.multitest.multipletests(p, method='fdr_bh' | 'holm')[1]; "
                          "scipy.stats.false_discovery_control(p, method='bh')",
            },
        },
        "ks": ks,
        "kstwo": kstwo_grid(),
        "chi2": chi2,
        "chi2Sf": chi2_sf,
        "wasserstein": wasserstein,
        "adjust": adjust,
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
