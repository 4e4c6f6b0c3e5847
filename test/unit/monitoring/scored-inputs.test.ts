import { describe, expect, it } from 'vitest';
import {
  createForecastDigest,
  createReadingsDigest,
  sameInputs,
} from '../../../shared/monitoring/scored-inputs.js';
import { type PredictionRow, type Reading, type ScoredInputs } from '../../../shared/types.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2024-03-30T23:00:00Z');

function reading(cups: string, h: number, over: Partial<Reading> = {}): Reading {
  return {
    cups,
    hourEnd: T0 + (h + 1) * HOUR,
    wh: 100 + h,
    exportWh: null,
    kind: 'P5D',
    fileDate: 20240401,
    version: 0,
    uploadedAt: Date.parse('2024-04-01T06:00:00Z'),
    method: null,
    firm: null,
    ...over,
  };
}

/** Two supplies × 24 hours of P5D, in store order (by CUPS, then hour). */
function day(change: (r: Reading, i: number) => Reading = (r) => r): Reading[] {
  const out: Reading[] = [];
  for (const cups of ['ES0000000000000001AA', 'ES0000000000000002BB'])
    for (let h = 0; h < 24; h++) out.push(reading(cups, h));
  return out.map(change);
}

function digestOf(readings: readonly Reading[]) {
  const d = createReadingsDigest();
  for (const r of readings) d.add(r);
  return d.result();
}

function row(cups: string, h: number, over: Partial<PredictionRow> = {}): PredictionRow {
  return {
    stage: 'prod',
    cups,
    day: '2024-03-31',
    modelVersion: 'v1',
    runId: 'run-1',
    issuedAt: T0 - 12 * HOUR,
    hourEnd: T0 + (h + 1) * HOUR,
    wh: 90 + h,
    p10: 70 + h,
    p90: 110 + h,
    fallback: null,
    ...over,
  };
}

function forecastOf(rows: readonly PredictionRow[]) {
  const d = createForecastDigest();
  for (const r of rows) d.add(r);
  return d.result();
}

const prodRows = (change: (r: PredictionRow, i: number) => PredictionRow = (r) => r) =>
  ['ES0000000000000001AA', 'ES0000000000000002BB']
    .flatMap((cups) => Array.from({ length: 24 }, (_, h) => row(cups, h)))
    .map(change);

function inputs(readings = day(), prod = prodRows()): ScoredInputs {
  return { ...digestOf(readings), forecasts: { prod: forecastOf(prod) } };
}

describe('createReadingsDigest', () => {
  it('counts the readings per kind, keeps the newest upload and digests them the same each time', () => {
    const readings = day((r, i) =>
      i < 10 ? { ...r, kind: 'F5D', uploadedAt: r.uploadedAt + i } : r,
    );

    const a = digestOf(readings);

    expect(a).toMatchObject({
      readings: 48,
      kinds: { F5D: 10, P5D: 38 },
      newestUploadedAt: readings[9]!.uploadedAt,
    });
    expect(a.digest).toMatch(/^[0-9a-f]{16}$/);
    expect(digestOf(readings)).toEqual(a);
  });

  it('is empty without readings', () => {
    expect(digestOf([])).toEqual({
      readings: 0,
      kinds: {},
      newestUploadedAt: 0,
      digest: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  it.each<[string, (r: Reading) => Reading]>([
    ['a value', (r) => ({ ...r, wh: r.wh + 0.5 })],
    ['the kind (an F5D with the same value)', (r) => ({ ...r, kind: 'F5D' })],
    ['the file date', (r) => ({ ...r, fileDate: r.fileDate + 1 })],
    ['the version', (r) => ({ ...r, version: 1 })],
    ['the upload (a later upload of the file)', (r) => ({ ...r, uploadedAt: r.uploadedAt - 1 })],
    ['the supply', (r) => ({ ...r, cups: 'ES0000000000000003CC' })],
  ])('changes when one reading changes %s', (_, change) => {
    const base = digestOf(day());

    const changed = digestOf(day((r, i) => (i === 30 ? change(r) : r)));

    expect(changed.digest).not.toBe(base.digest);
  });

  it('changes with a reading added, and over more readings than one hashing batch', () => {
    const many = Array.from({ length: 5000 }, (_, h) => reading('ES0000000000000001AA', h));
    const base = digestOf(many);

    expect(digestOf([...many, reading('ES0000000000000001AA', 5000)]).digest).not.toBe(base.digest);
    expect(digestOf(many.map((r, i) => (i === 4000 ? { ...r, wh: 0 } : r))).digest).not.toBe(
      base.digest,
    );
    expect(digestOf(many.map((r) => ({ ...r }))).digest).toBe(base.digest);
  });
});

describe('createForecastDigest', () => {
  it('counts the rows, lists the runs sorted and digests the rows', () => {
    const rows = prodRows((r, i) => (i < 24 ? { ...r, runId: 'run-2' } : r));

    const print = forecastOf(rows);

    expect(print).toEqual({
      rows: 48,
      runIds: ['run-1', 'run-2'],
      digest: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(forecastOf(rows)).toEqual(print);
  });

  it.each<[string, (r: PredictionRow) => PredictionRow]>([
    ['a value', (r) => ({ ...r, wh: r.wh + 1 })],
    ['a quantile', (r) => ({ ...r, p90: r.p90 + 1 })],
    ['the model version', (r) => ({ ...r, modelVersion: 'v2' })],
    ['the issue', (r) => ({ ...r, issuedAt: r.issuedAt + 1 })],
  ])('changes when one row changes %s', (_, change) => {
    const base = forecastOf(prodRows());

    expect(forecastOf(prodRows((r, i) => (i === 5 ? change(r) : r))).digest).not.toBe(base.digest);
  });
});

describe('sameInputs', () => {
  it('holds for the same readings and forecasts, not without an earlier fingerprint', () => {
    expect(sameInputs(inputs(), inputs())).toBe(true);
    expect(sameInputs(undefined, inputs())).toBe(false);
  });

  it.each<[string, (i: ScoredInputs) => ScoredInputs]>([
    ['a reading added', () => inputs([...day(), reading('ES0000000000000003CC', 0)])],
    ['a reading replaced', () => inputs(day((r, i) => (i === 0 ? { ...r, wh: 1 } : r)))],
    ['the count per kind', (i) => ({ ...i, kinds: { P5D: 47, F5D: 1 } })],
    ['the newest upload', (i) => ({ ...i, newestUploadedAt: i.newestUploadedAt + 1 })],
    ['the count of readings', (i) => ({ ...i, readings: 49 })],
    [
      'the prod runs (a re-forecast)',
      () =>
        inputs(
          day(),
          prodRows((r) => ({ ...r, runId: 'run-2' })),
        ),
    ],
    ['the prod rows', () => inputs(day(), prodRows().slice(1))],
    [
      'a pre forecast that was not there',
      (i) => ({ ...i, forecasts: { ...i.forecasts, pre: forecastOf(prodRows()) } }),
    ],
    ['the prod forecast gone', (i) => ({ ...i, forecasts: {} })],
  ])('fails on %s', (_, change) => {
    const earlier = inputs();

    expect(sameInputs(earlier, change(inputs()))).toBe(false);
  });

  it('tells the run lists apart even with the same rows and digest', () => {
    const earlier = inputs();
    const prod = earlier.forecasts.prod!;

    const now = { ...earlier, forecasts: { prod: { ...prod, runIds: ['run-0'] } } };

    expect(sameInputs(earlier, now)).toBe(false);
  });
});
