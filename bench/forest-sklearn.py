"""Baseline for bench/forest.ts: scikit-learn's RandomForestRegressor on the exported matrix.

The target (forest-y.f32) is the relative one the segment forest learns (Wh / levelWh); WAPE is
scored in Wh like bench/cases/forest-fit.ts: clip(prediction, 0, 24) x levelWh against actual Wh.

Usage: python3 forest-sklearn.py <workDir> <paramsJson>
Prints one JSON line like bench/harness.ts reportMeasurement: value = fit seconds.
Exits 3 (and prints nothing) when scikit-learn cannot be imported.
"""
import json
import os
import pickle
import resource
import sys
import time

try:
    import numpy as np
    from sklearn.ensemble import RandomForestRegressor
    import sklearn
except ImportError:
    sys.exit(3)

MAX_RELATIVE = 24  # shared/models/segment-model.ts


def main() -> None:
    work_dir = sys.argv[1]
    params = json.loads(sys.argv[2])
    with open(os.path.join(work_dir, "forest-meta.json"), encoding="utf8") as f:
        meta = json.load(f)
    x = np.fromfile(os.path.join(work_dir, "forest-x.f32"), dtype="<f4").reshape(meta["nRows"], meta["nCols"])
    y = np.fromfile(os.path.join(work_dir, "forest-y.f32"), dtype="<f4").astype(np.float64)
    level = np.fromfile(os.path.join(work_dir, "forest-level.f32"), dtype="<f4").astype(np.float64)
    actual_wh = np.fromfile(os.path.join(work_dir, "forest-actual.f32"), dtype="<f4").astype(np.float64)
    n_train = meta["trainRows"]
    model = RandomForestRegressor(
        n_estimators=params["nTrees"],
        max_features=params["maxFeatures"],
        min_samples_leaf=params["minSamplesLeaf"],
        max_depth=params["maxDepth"],
        n_jobs=1,
        random_state=0,
    )
    t0 = time.perf_counter()
    model.fit(x[:n_train], y[:n_train])
    fit_seconds = time.perf_counter() - t0
    pred = model.predict(x[n_train:])
    pred_wh = np.clip(pred, 0, MAX_RELATIVE) * level[n_train:]
    actual = actual_wh[n_train:]
    wape = float(np.abs(actual - pred_wh).sum() / np.abs(actual).sum())
    rel = y[n_train:]
    relative_wape = float(np.abs(rel - pred).sum() / np.abs(rel).sum())
    blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    t1 = time.perf_counter()
    pickle.loads(blob)
    load_ms = (time.perf_counter() - t1) * 1000
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "value": fit_seconds,
        "unit": "s",
        "peakRssMb": peak_mb,
        "extra": {
            "wapePct": 100 * wape,
            "relativeWapePct": 100 * relative_wape,
            "modelBytes": len(blob),
            "loadMs": load_ms,
            "nodes": int(sum(e.tree_.node_count for e in model.estimators_)),
            "sklearnVersion": sklearn.__version__,
        },
    }))


if __name__ == "__main__":
    main()
