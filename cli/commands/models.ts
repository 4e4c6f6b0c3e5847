import { type Command } from 'commander';
import { listVersions, promote, rollback, showVersion } from '../../shared/registry/registry.js';
import { type StagesDoc } from '../../shared/registry/stages.js';
import { openBlobStore } from '../../shared/runtime/open-blob-store.js';
import { loadLocalConfig } from '../context.js';
import { formatTable } from '../metrics-table.js';

/** `mce models`: the registry — list, show, promote, rollback. */

interface Common {
  artifacts?: string;
  json: boolean;
}

function registry(opts: Common) {
  const config = loadLocalConfig({ artifacts: opts.artifacts });
  return openBlobStore(config.artifactsUrl, config);
}

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const pct = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '-';

function printStages(doc: StagesDoc, opts: Common): void {
  if (opts.json) out(JSON.stringify(doc, null, 2));
  else out(`prod: ${doc.prod ?? '-'}\npre:  ${doc.pre ?? '-'}`);
}

export function registerModels(program: Command): void {
  const models = program
    .command('models')
    .description('the model registry: versions and the prod/pre stages');
  const common = (c: Command) =>
    c
      .option(
        '--artifacts <dir|url>',
        'registry folder, file:DIR or gs://bucket/prefix; default MCE_ARTIFACTS (./artifacts)',
      )
      .option('--json', 'JSON on stdout', false);

  common(
    models.command('list').description('every registered version with its stage and backtest WAPE'),
  ).action(async (opts: Common) => {
    const blobs = registry(opts);
    const { versions, stages } = await listVersions(blobs);
    const rows = await Promise.all(
      versions.map(async (v) => {
        const m = await showVersion(blobs, v);
        const bt = (m.metrics.backtest ?? {}) as {
          model?: { wape?: number };
          skillVsSeasonalNaive?: number;
          skillVsPersistence?: number;
        };
        const stage = v === stages.prod ? 'prod' : v === stages.pre ? 'pre' : '';
        return {
          version: v,
          stage,
          createdAt: m.createdAt,
          window: `${m.data.windowStart}..${m.data.windowEnd}`,
          supplies: m.data.supplies,
          wape: bt.model?.wape,
          skillVsSeasonalNaive: bt.skillVsSeasonalNaive,
          skillVsPersistence: bt.skillVsPersistence,
        };
      }),
    );
    if (opts.json) {
      out(
        JSON.stringify({ versions: rows, stages: { prod: stages.prod, pre: stages.pre } }, null, 2),
      );
      return;
    }
    out(
      formatTable([
        ['version', 'stage', 'window', 'supplies', 'WAPE', 'skill naive', 'skill persist.'],
        ...rows.map((r) => [
          r.version,
          r.stage,
          r.window,
          String(r.supplies),
          pct(r.wape),
          pct(r.skillVsSeasonalNaive),
          pct(r.skillVsPersistence),
        ]),
      ]),
    );
  });

  common(
    models.command('show').argument('<version>').description('the manifest of a version'),
  ).action(async (version: string, opts: Common) => {
    const m = await showVersion(registry(opts), version);
    if (opts.json) {
      out(JSON.stringify(m, null, 2));
      return;
    }
    const bt = m.metrics.backtest as {
      model: { wape: number; mape: number; bias: number };
      skillVsSeasonalNaive: number;
      skillVsPersistence: number;
    };
    out(
      [
        `version     ${m.version}`,
        `created     ${m.createdAt} (run ${m.runId}, code ${m.codeRevision})`,
        `window      ${m.data.windowStart}..${m.data.windowEnd}, ${m.data.supplies} supplies, ${m.data.trainRows} rows, fingerprint ${m.data.fingerprint.slice(0, 12)}`,
        `segments    ${m.segments.length}`,
        `features    ${m.featureNames.join(', ')}`,
        `backtest    WAPE ${pct(bt.model.wape)}, MAPE ${pct(bt.model.mape)}, bias ${pct(bt.model.bias)}, skill vs naive ${pct(bt.skillVsSeasonalNaive)}, vs persistence ${pct(bt.skillVsPersistence)}`,
      ].join('\n'),
    );
  });

  common(
    models
      .command('promote')
      .argument('[version]')
      .description(
        'point prod at a version (default: the current pre); the replaced prod becomes pre',
      ),
  ).action(async (version: string | undefined, opts: Common) => {
    printStages(
      await promote(registry(opts), new Date().toISOString(), version, { reason: 'by hand' }),
      opts,
    );
  });

  common(
    models.command('rollback').description('point prod back at the previous prod version'),
  ).action(async (opts: Common) => {
    printStages(
      await rollback(registry(opts), new Date().toISOString(), { reason: 'by hand' }),
      opts,
    );
  });
}
