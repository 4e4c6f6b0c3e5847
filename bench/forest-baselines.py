"""Baselines for bench/forest.ts: scikit-learn's RandomForestRegressor, or LightGBM in random
forest mode (boosting "rf", a histogram forest like ours), on the exported matrix.

The target (forest-y.f32) is the one the segment forest learns, log(Wh / levelWh + 0.3); WAPE is
scored in Wh like bench/cases/forest-fit.ts: clip(exp(prediction) - 0.3, 0, 24) x levelWh against
actual Wh. Both libraries predict the mean of their trees (neither keeps leaf quantiles).

The same hyper-parameters as ours (FOREST_DEFAULTS), with these differences in meaning:
- min_samples_leaf (scikit-learn) and min_data_in_leaf (LightGBM) count distinct rows; ours counts
  bootstrap draws, so a leaf of 50 draws holds about 32 distinct rows and theirs are larger at
  equal values.
- scikit-learn draws a bootstrap with replacement, as we do; LightGBM's rf mode bags without
  replacement, here 63.2 % of the rows per tree (the distinct share of a bootstrap).
- LightGBM grows leaf-wise: num_leaves is set to 2^max_depth so that depth is the binding limit.

Usage: python3 forest-baselines.py <workDir> <paramsJson> sklearn|lightgbm
Prints one JSON line like bench/harness.ts reportMeasurement: value = fit seconds.
Exits 3 (and prints nothing) when the library cannot be imported.
"""
import json
import os
import pickle
import resource
import sys
import time

MAX_RELATIVE = 24  # shared/models/segment-model.ts
LOG_OFFSET = 0.3  # shared/models/conformal.ts


def fit_sklearn(x, y, params):
    from sklearn.ensemble import RandomForestRegressor
    import sklearn

    model = RandomForestRegressor(
        n_estimators=params["nTrees"],
        max_features=params["maxFeatures"],
        min_samples_leaf=params["minSamplesLeaf"],
        max_depth=params["maxDepth"],
        n_jobs=1,
        random_state=0,
    )
    model.fit(x, y)
    nodes = int(sum(e.tree_.node_count for e in model.estimators_))
    return model, model.predict, {"sklearnVersion": sklearn.__version__, "nodes": nodes}


def fit_lightgbm(x, y, params):
    import lightgbm as lgb

    settings = {
        "objective": "regression",
        "boosting": "rf",
        "bagging_fraction": 0.632,
        "bagging_freq": 1,
        "feature_fraction_bynode": params["maxFeatures"],
        "max_depth": params["maxDepth"],
        "num_leaves": min(131072, 2 ** params["maxDepth"]),
        "min_data_in_leaf": params["minSamplesLeaf"],
        "max_bin": params["maxBins"],
        "num_threads": 1,
        "seed": 0,
        "verbose": -1,
    }
    booster = lgb.train(settings, lgb.Dataset(x, y, params={"max_bin": params["maxBins"]}), params["nTrees"])
    return booster, booster.predict, {"lightgbmVersion": lgb.__version__}


def main() -> None:
    work_dir, params_json, library = sys.argv[1], sys.argv[2], sys.argv[3]
    try:
        import numpy as np
        fit = {"sklearn": fit_sklearn, "lightgbm": fit_lightgbm}[library]
        __import__("sklearn" if library == "sklearn" else "lightgbm")
    except ImportError:
        sys.exit(3)
    params = json.loads(params_json)
    with open(os.path.join(work_dir, "forest-meta.json"), encoding="utf8") as f:
        meta = json.load(f)
    read = lambda name: np.fromfile(os.path.join(work_dir, name), dtype="<f4")
    x = read("forest-x.f32").reshape(meta["nRows"], meta["nCols"])
    y = read("forest-y.f32").astype(np.float64)
    level = read("forest-level.f32").astype(np.float64)
    actual = read("forest-actual.f32").astype(np.float64)
    n = meta["trainRows"]
    t0 = time.perf_counter()
    model, predict, extra = fit(x[:n], y[:n], params)
    fit_seconds = time.perf_counter() - t0
    pred_wh = np.clip(np.exp(predict(x[n:])) - LOG_OFFSET, 0, MAX_RELATIVE) * level[n:]
    wape = float(np.abs(actual[n:] - pred_wh).sum() / np.abs(actual[n:]).sum())
    blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    t1 = time.perf_counter()
    pickle.loads(blob)
    load_ms = (time.perf_counter() - t1) * 1000
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "value": fit_seconds,
        "unit": "s",
        "peakRssMb": peak_mb,
        "extra": {"wapePct": 100 * wape, "modelBytes": len(blob), "loadMs": load_ms, **extra},
    }))


if __name__ == "__main__":
    main()
