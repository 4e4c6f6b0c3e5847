"""Baseline for bench/monitor.ts: scipy.stats.ks_2samp on the samples bench/cases/ks-gen.ts wrote.

Usage: python3 ks-scipy.py <workDir> <repeats>
Prints one JSON line like bench/harness.ts reportMeasurement: value = best seconds of `repeats`
calls (sorting included, as in the TypeScript case), with the statistic and p-value.
Exits 3 (and prints nothing) when SciPy cannot be imported.
"""
import json
import os
import resource
import sys
import time

try:
    import numpy as np
    import scipy
    from scipy import stats
except ImportError:
    sys.exit(3)


def main() -> None:
    work_dir, repeats = sys.argv[1], int(sys.argv[2])
    a = np.fromfile(os.path.join(work_dir, "ks-a.f64"), dtype="<f8")
    b = np.fromfile(os.path.join(work_dir, "ks-b.f64"), dtype="<f8")
    result = stats.ks_2samp(a, b)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = stats.ks_2samp(a, b)
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({
        "value": best,
        "unit": "s",
        "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "extra": {
            "statistic": float(result.statistic),
            "pValue": float(result.pvalue),
            "scipyVersion": scipy.__version__,
        },
    }))


if __name__ == "__main__":
    main()
