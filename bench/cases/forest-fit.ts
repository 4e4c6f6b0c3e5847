import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitForest, forestToBytes, predictForest } from '../../shared/models/forest.js';
import { wape } from '../../shared/models/metrics.js';
import { whFromLogRelative } from '../../shared/models/segment-model.js';
import { readForestDataset, sliceRows } from '../forest-data.js';
import { reportMeasurement } from '../harness.js';

/**
 * Case: fits our forest on the training rows, saves it as forest-model.bin and scores the held-out
 * rows in Wh as predictSegment does: the quantile forest's median back on the Wh scale
 * (whFromLogRelative), and for comparison the mean of its trees the same way. Args: workDir
 * paramsJson. Value: fit seconds (binning included).
 */
const [workDir = '.', paramsJson = '{}'] = process.argv.slice(2);
const { x, y, levelWh, actualWh, trainRows } = readForestDataset(workDir);
const xTrain = sliceRows(x, 0, trainRows);
const yTrain = y.subarray(0, trainRows);
const xTest = sliceRows(x, trainRows, x.nRows);
globalThis.gc?.();
const t0 = performance.now();
const forest = fitForest(xTrain, yTrain, JSON.parse(paramsJson) as Record<string, number>);
const fitSeconds = (performance.now() - t0) / 1000;
const bytes = forestToBytes(forest);
writeFileSync(join(workDir, 'forest-model.bin'), bytes);
const t1 = performance.now();
const pred = predictForest(forest, xTest);
const predictSeconds = (performance.now() - t1) / 1000;
const level = levelWh.subarray(trainRows);
const toWh = (values: Float32Array) =>
  Float32Array.from(values, (v, i) => whFromLogRelative(v, level[i]!));
const actual = actualWh.subarray(trainRows);
reportMeasurement(fitSeconds, 's', {
  wapePct: 100 * wape(actual, toWh(pred.p50)),
  meanWapePct: 100 * wape(actual, toWh(pred.mean)),
  modelBytes: bytes.length,
  nodes: forest.feature.length,
  predictSeconds,
  params: forest.params,
  trainRows,
  testRows: x.nRows - trainRows,
});
