import { describe, expect, it } from 'vitest';
import { type ModelManifest } from '../../../shared/registry/manifest.js';
import { type StagesDoc } from '../../../shared/registry/stages.js';
import { backtestOf, buildLineage, stageIntervals } from '../../../shared/report/lineage.js';
import { type StageChange } from '../../../shared/report/report-data.js';

function manifest(version: string, createdAt: string, backtest: unknown): ModelManifest {
  return {
    kind: 'mce-segmented-forest',
    schemaVersion: 1,
    version,
    runId: `run-${version}`,
    createdAt,
    codeRevision: 'abc',
    data: {
      windowStart: '2024-01-01',
      windowEnd: '2024-12-31',
      fingerprint: 'f',
      supplies: 5,
      trainRows: 10,
      dataLatencyDays: 2,
      weather: 'observed',
    },
    featureNames: [],
    target: 'wh-over-level',
    hyperParameters: {},
    segments: [],
    centroidsFile: 'segments.json',
    metrics: { backtest },
    reference: {},
    files: [],
  };
}

describe('backtestOf', () => {
  it.each([
    [
      'baselines beside the model (today’s manifests)',
      {
        model: { wape: 0.2 },
        seasonalNaive: { wape: 0.3 },
        persistence: { wape: 0.25 },
        skillVsSeasonalNaive: 0.33,
      },
      { wape: 0.2, baselines: { seasonalNaive: 0.3, persistence: 0.25 }, coverage: null },
    ],
    [
      'a baselines record and a coverage',
      {
        model: { wape: 0.2, coverage: 0.79 },
        baselines: { median28: { wape: 0.22 }, mean7: { wape: Number.NaN } },
      },
      { wape: 0.2, baselines: { median28: 0.22 }, coverage: 0.79 },
    ],
    ['no backtest', undefined, { wape: null, baselines: {}, coverage: null }],
  ])('reads %s', (_name, backtest, expected) => {
    expect(backtestOf(manifest('v', '2025-01-01T00:00:00Z', backtest))).toEqual(expected);
  });
});

describe('buildLineage', () => {
  it('orders versions by creation and says what each stage change rested on', () => {
    const stages: StagesDoc = {
      prod: 'v1',
      pre: null,
      prodLineage: ['v1'],
      history: [
        {
          at: '2025-01-01T00:00:00Z',
          action: 'register',
          stage: 'pre',
          version: 'v1',
          previous: null,
        },
        {
          at: '2025-01-02T00:00:00Z',
          action: 'promote',
          stage: 'prod',
          version: 'v1',
          previous: null,
        },
        {
          at: '2025-02-01T00:00:00Z',
          action: 'register',
          stage: 'pre',
          version: 'v2',
          previous: null,
        },
        {
          at: '2025-02-03T00:00:00Z',
          action: 'promote',
          stage: 'prod',
          version: 'v2',
          previous: 'v1',
          reason: 'pre beat prod by at least 2 % on 1 scored day',
          evidence: [{ date: '2025-02-02', prodWape: 0.2, preWape: 0.15 }],
        },
        {
          at: '2025-02-03T00:00:00Z',
          action: 'promote',
          stage: 'pre',
          version: 'v1',
          previous: 'v2',
        },
        {
          at: '2025-02-05T00:00:00Z',
          action: 'rollback',
          stage: 'prod',
          version: 'v1',
          previous: 'v2',
          reason: 'by hand',
        },
        {
          at: '2025-02-05T00:00:00Z',
          action: 'rollback',
          stage: 'pre',
          version: null,
          previous: 'v1',
        },
      ],
    };
    const lineage = buildLineage(
      [
        manifest('v2', '2025-02-01T00:00:00Z', {
          model: { wape: 0.18 },
          seasonalNaive: { wape: 0.3 },
          mean7: { wape: 0.25 },
        }),
        manifest('v1', '2025-01-01T00:00:00Z', { model: { wape: 0.2 } }),
      ],
      stages,
    );

    expect(lineage.versions.map((v) => v.version)).toEqual(['v1', 'v2']);
    expect(lineage.versions[0]?.createdAt).toBe(Date.UTC(2025, 0, 1));
    expect(lineage.changes.map((c) => c.evidence)).toEqual([
      'backtest WAPE 20.0 %',
      'first prod version; backtest WAPE 20.0 %',
      'backtest WAPE 18.0 % against 25.0 % for the strongest baseline (mean7)',
      'v2 (backtest WAPE 18.0 %) replaces v1 (backtest WAPE 20.0 %) (pre beat prod by at least 2 % on 1 scored day; 2025-02-02: 15.0 % pre against 20.0 % prod)',
      'v1 (backtest WAPE 20.0 %) becomes the shadow',
      'back to v1 (backtest WAPE 20.0 %) from v2 (backtest WAPE 18.0 %) (by hand)',
      'v1 leaves the shadow',
    ]);
    expect(lineage.prod).toBe('v1');
  });
});

describe('stageIntervals', () => {
  const change = (
    at: number,
    action: StageChange['action'],
    version: string | null,
    previous: string | null = null,
  ): StageChange => ({
    at,
    action,
    stage: action === 'register' ? 'pre' : 'prod',
    version,
    previous,
    evidence: '',
  });
  const shadow = (at: number, action: StageChange['action'], version: string | null) => ({
    ...change(at, action, version),
    stage: 'pre' as const,
  });

  it('replays registrations, promotions and a rollback into the spans of each stage', () => {
    const intervals = stageIntervals([
      change(50, 'rollback', 'v1', 'v2'),
      change(0, 'register', 'v1'),
      change(10, 'promote', 'v1'),
      change(20, 'register', 'v2'),
      change(30, 'promote', 'v2', 'v1'),
    ]);

    expect(intervals).toEqual([
      { version: 'v1', stage: 'pre', fromMs: 0, toMs: 10 },
      { version: 'v1', stage: 'prod', fromMs: 10, toMs: 30 },
      { version: 'v2', stage: 'pre', fromMs: 20, toMs: 30 },
      { version: 'v2', stage: 'prod', fromMs: 30, toMs: 50 },
      { version: 'v1', stage: 'prod', fromMs: 50, toMs: null },
    ]);
  });

  it('keeps the replaced prod as the shadow, and empties the shadow on a rollback', () => {
    const intervals = stageIntervals([
      change(0, 'register', 'v1'),
      change(10, 'promote', 'v1'),
      change(20, 'register', 'v2'),
      change(30, 'promote', 'v2', 'v1'),
      shadow(30, 'promote', 'v1'),
      change(50, 'rollback', 'v1', 'v2'),
      shadow(50, 'rollback', null),
    ]);
    expect(intervals).toEqual([
      { version: 'v1', stage: 'pre', fromMs: 0, toMs: 10 },
      { version: 'v1', stage: 'prod', fromMs: 10, toMs: 30 },
      { version: 'v2', stage: 'pre', fromMs: 20, toMs: 30 },
      { version: 'v2', stage: 'prod', fromMs: 30, toMs: 50 },
      { version: 'v1', stage: 'pre', fromMs: 30, toMs: 50 },
      { version: 'v1', stage: 'prod', fromMs: 50, toMs: null },
    ]);
  });

  it('returns nothing for no history', () => {
    expect(stageIntervals([])).toEqual([]);
  });
});
