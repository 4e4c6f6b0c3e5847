/**
 * The model lineage for the report: every registered version with its training window and
 * backtest figures, and every stage change (register, promote, rollback) with the evidence it
 * rested on, read from the manifests and models/stages.json.
 */
import { type ModelManifest } from '../registry/manifest.js';
import { type StageEvent, type StagesDoc } from '../registry/stages.js';
import {
  finiteOrNull,
  type LineageSection,
  type LineageVersion,
  type StageChange,
} from './report-data.js';

type Backtest = LineageVersion['backtest'];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function wapeOf(v: unknown): number | null {
  return isRecord(v) && typeof v.wape === 'number' ? finiteOrNull(v.wape) : null;
}

/**
 * The backtest figures of a manifest: the model's WAPE and coverage, and each baseline's WAPE.
 * Baselines are read from `metrics.backtest.baselines` when present, else from every other entry
 * of `metrics.backtest` that has a WAPE (seasonalNaive, persistence…).
 */
export function backtestOf(manifest: Pick<ModelManifest, 'metrics'>): Backtest {
  const backtest = manifest.metrics.backtest;
  if (!isRecord(backtest)) return { wape: null, baselines: {}, coverage: null };
  const model = backtest.model;
  const source = isRecord(backtest.baselines) ? backtest.baselines : backtest;
  const baselines: Record<string, number> = {};
  for (const [name, value] of Object.entries(source)) {
    const wape = name === 'model' ? null : wapeOf(value);
    if (wape !== null) baselines[name] = wape;
  }
  const coverage = isRecord(model) && typeof model.coverage === 'number' ? model.coverage : null;
  return { wape: wapeOf(model), baselines, coverage: finiteOrNull(coverage) };
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** The strongest (lowest-WAPE) baseline of a backtest. */
function strongest(b: Backtest): { name: string; wape: number } | undefined {
  const [name, wape] = Object.entries(b.baselines).sort((x, y) => x[1] - y[1])[0] ?? [];
  return name === undefined || wape === undefined ? undefined : { name, wape };
}

function describeVersion(version: string | null, byVersion: Map<string, LineageVersion>): string {
  if (version === null) return 'none';
  const wape = byVersion.get(version)?.backtest.wape;
  return wape === null || wape === undefined ? version : `${version} (backtest WAPE ${pct(wape)})`;
}

/** The reason and scored days recorded with a change, in words ('' when none). */
function noteOf(e: StageEvent): string {
  const days = (e.evidence ?? []).map(
    (d) => `${d.date}: ${pct(d.preWape)} pre against ${pct(d.prodWape)} prod`,
  );
  const parts = [e.reason, days.length > 0 ? days.join(', ') : undefined].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

function evidenceOf(e: StageEvent, byVersion: Map<string, LineageVersion>): string {
  return baseEvidenceOf(e, byVersion) + noteOf(e);
}

function baseEvidenceOf(e: StageEvent, byVersion: Map<string, LineageVersion>): string {
  const own = e.version === null ? undefined : byVersion.get(e.version);
  const wape = own?.backtest.wape ?? null;
  switch (e.action) {
    case 'register': {
      if (wape === null) return 'no backtest figures in the manifest';
      const best = own ? strongest(own.backtest) : undefined;
      return best
        ? `backtest WAPE ${pct(wape)} against ${pct(best.wape)} for the strongest baseline (${best.name})`
        : `backtest WAPE ${pct(wape)}`;
    }
    case 'promote':
      if (e.stage === 'pre') return `${describeVersion(e.version, byVersion)} becomes the shadow`;
      return e.previous === null
        ? `first prod version; backtest WAPE ${wape === null ? 'unknown' : pct(wape)}`
        : `${describeVersion(e.version, byVersion)} replaces ${describeVersion(e.previous, byVersion)}`;
    case 'rollback':
      if (e.stage === 'pre') return `${e.previous ?? 'none'} leaves the shadow`;
      return `back to ${describeVersion(e.version, byVersion)} from ${describeVersion(e.previous, byVersion)}`;
  }
}

/** Builds the lineage section from every version's manifest and the stage pointer document. */
export function buildLineage(
  manifests: readonly ModelManifest[],
  stages: StagesDoc,
): LineageSection {
  const versions = manifests
    .map(
      (m): LineageVersion => ({
        version: m.version,
        createdAt: Date.parse(m.createdAt),
        runId: m.runId,
        codeRevision: m.codeRevision,
        windowStart: m.data.windowStart,
        windowEnd: m.data.windowEnd,
        supplies: m.data.supplies,
        backtest: backtestOf(m),
      }),
    )
    .sort((a, b) => a.createdAt - b.createdAt || (a.version < b.version ? -1 : 1));
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  const changes = stages.history.map(
    (e): StageChange => ({
      at: Date.parse(e.at),
      action: e.action,
      stage: e.stage,
      version: e.version,
      previous: e.previous,
      evidence: evidenceOf(e, byVersion),
    }),
  );
  return { prod: stages.prod, pre: stages.pre, versions, changes };
}

/** A span during which a version held a stage; `toMs` null while it still holds it. */
export interface StageInterval {
  version: string;
  stage: 'prod' | 'pre';
  fromMs: number;
  toMs: number | null;
}

/**
 * Replays the stage changes (oldest first) into the spans each version spent in `pre` and in
 * `prod`: a change of stage `pre` (a registration, the replaced prod kept as the shadow, the
 * shadow emptied by a rollback) sets `pre`; a promotion takes `prod` (and leaves `pre` when it held
 * the promoted version), a rollback gives `prod` back to the version before.
 */
export function stageIntervals(changes: readonly StageChange[]): StageInterval[] {
  const done: StageInterval[] = [];
  const open = new Map<'prod' | 'pre', StageInterval>();
  const leave = (stage: 'prod' | 'pre', at: number) => {
    const current = open.get(stage);
    if (!current) return;
    done.push({ ...current, toMs: at });
    open.delete(stage);
  };
  const enter = (stage: 'prod' | 'pre', version: string | null, at: number) => {
    if (open.get(stage)?.version === version) return;
    leave(stage, at);
    if (version !== null) open.set(stage, { version, stage, fromMs: at, toMs: null });
  };
  for (const change of [...changes].sort((a, b) => a.at - b.at)) {
    if (change.stage === 'pre') enter('pre', change.version, change.at);
    else {
      if (change.action === 'promote' && open.get('pre')?.version === change.version)
        leave('pre', change.at);
      enter('prod', change.version, change.at);
    }
  }
  return [...done, ...open.values()].sort((a, b) => a.fromMs - b.fromMs);
}
