import { indexWeather } from '../../shared/features/weather-index.js';
import { forecastSupplyDays } from '../../shared/forecast/supply-days.js';
import { forecastDay } from '../../shared/models/model-forecast.js';
import { loadBatchData } from '../../shared/pipelines/forecast.js';
import { loadModel } from '../../shared/registry/load-model.js';
import { bestOf, openForecastBench } from '../forecast-data.js';
import { reportMeasurement } from '../harness.js';

/**
 * The model step of a batch on one core, over n supplies read beforehand, best of several warm
 * runs (as the baseline): mode `features-predict` times forecastDay (features + predict), mode
 * `step` forecastSupplyDays (that, plus fallbacks and the rows to store). Args: workDir n mode.
 */
const [workDir = '.', n = '1000', mode = 'features-predict'] = process.argv.slice(2);
const b = await openForecastBench(workDir, 10_000, Number(n));
const model = await loadModel(b.blobs, { version: b.version });
const data = await loadBatchData(b.store, b.cups, b.day, model.manifest.data.dataLatencyDays);
await b.store.close();
const weather = indexWeather(data.weather, { observedFallback: false });
const meta = { model, day: b.day, runId: 'bench', issuedAt: 0 };
const step = () => forecastSupplyDays({ ...meta, supplies: data.features, weather: data.weather });
const run = mode === 'step' ? step : () => forecastDay(model, data.features, b.day, weather);
run(); // warm up
const seconds = bestOf(run);
const out = step();
reportMeasurement(out.days.length / seconds, 'supply-days/s/core', {
  mode,
  seconds,
  supplies: out.days.length,
  rows: out.rows,
  fallbacks: out.fallbacks,
});
