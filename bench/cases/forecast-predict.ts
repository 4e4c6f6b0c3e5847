import { indexWeather } from '../../shared/features/weather-index.js';
import { predictForest } from '../../shared/models/forest.js';
import { createMatrix } from '../../shared/models/matrix.js';
import { forecastDay } from '../../shared/models/model-forecast.js';
import { loadBatchData } from '../../shared/pipelines/forecast.js';
import { loadModel } from '../../shared/registry/load-model.js';
import { bestOf, openForecastBench } from '../forecast-data.js';
import { reportMeasurement } from '../harness.js';

/**
 * Baseline of the model step: the forests' raw predict over a prepared matrix of the same rows
 * (the feature rows forecastDay builds for n supplies, one matrix per segment), best of several
 * warm runs. Args: workDir n.
 */
const [workDir = '.', n = '1000'] = process.argv.slice(2);
const b = await openForecastBench(workDir, 10_000, Number(n));
const model = await loadModel(b.blobs, { version: b.version });
const data = await loadBatchData(b.store, b.cups, b.day, model.manifest.data.dataLatencyDays);
await b.store.close();
const weather = indexWeather(data.weather, { observedFallback: false });
const forecasts = forecastDay(model, data.features, b.day, weather);
const bySegment = new Map<number, Float32Array[]>();
for (const f of forecasts) {
  const list = bySegment.get(f.segment) ?? [];
  list.push(f.features.x.data);
  bySegment.set(f.segment, list);
}
const columns = forecasts[0]!.features.x.columns;
const matrices = [...bySegment].map(([segment, parts]) => {
  const rows = parts.reduce((s, p) => s + p.length, 0) / columns.length;
  const x = createMatrix(columns, rows);
  let offset = 0;
  for (const p of parts) {
    x.data.set(p, offset);
    offset += p.length;
  }
  return { forest: model.forests.get(segment)!, x };
});
let rows = 0;
for (const m of matrices) rows += predictForest(m.forest, m.x).mean.length; // warm up
const seconds = bestOf(() => {
  for (const m of matrices) predictForest(m.forest, m.x);
});
reportMeasurement(forecasts.length / seconds, 'supply-days/s/core', {
  seconds,
  rows,
  segments: matrices.length,
});
