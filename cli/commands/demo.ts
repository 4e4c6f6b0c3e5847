import { type Command, InvalidArgumentError } from 'commander';
import { latestScoredDays } from '../../shared/monitoring/report-days.js';
import { type StageDayScore } from '../../shared/types.js';
import { DEMO_DEFAULTS, type DemoOptions } from '../demo/demo-plan.js';
import { type DemoOutcome, runDemo } from '../demo/replay.js';
import { formatTable } from '../progress.js';

/** `mce demo`: weeks of production replayed on one machine, with the embedded defaults. */

function positive(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n <= 0 || n > max)
      throw new InvalidArgumentError(`expected an integer from 1 to ${max}`);
    return n;
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Mean of the latest daily score of each scored forecast day, per stage. */
function stageFigures(o: DemoOutcome, stage: 'prod' | 'pre') {
  const days = [...latestScoredDays(o.reports).values()].flatMap((d) =>
    d.status === 'waiting' ? [] : (d.stages[stage] ?? []),
  );
  if (days.length === 0) return undefined;
  const mean = (f: (s: StageDayScore) => number) =>
    days.reduce((a, s) => a + f(s), 0) / days.length;
  const baselineNames = Object.keys(days[0]?.baselines ?? {});
  const baselines = baselineNames
    .map((name) => [name, mean((s) => s.baselines[name] ?? Number.NaN)] as const)
    .sort((a, b) => a[1] - b[1]);
  return {
    days: days.length,
    wape: mean((s) => s.wape),
    coverage: mean((s) => s.coverage),
    strongest: baselines[0],
  };
}

/** The end-of-demo table: what was replayed, how good the forecasts were, what the system did. */
export function demoSummary(o: DemoOutcome): string {
  const stats = Object.values(o.stats);
  const sum = (f: (s: (typeof stats)[number]) => number) => stats.reduce((a, s) => a + f(s), 0);
  const rows: (string | number)[][] = [['', 'value']];
  rows.push([
    'days replayed',
    `${stats.length} (${o.calendar.replayDays[0]} to ${o.calendar.replayDays.at(-1)})`,
  ]);
  rows.push(['metering files ingested', sum((s) => s.files)]);
  rows.push(['readings ingested', sum((s) => s.readings)]);
  rows.push(['forecast rows (supply-hours, prod + pre)', sum((s) => s.forecastRows)]);
  for (const stage of ['prod', 'pre'] as const) {
    const f = stageFigures(o, stage);
    if (f === undefined) continue;
    const base = f.strongest ? ` vs ${f.strongest[0]} ${pct(f.strongest[1])}` : '';
    rows.push([`${stage} mean daily WAPE (${f.days} days)`, `${pct(f.wape)}${base}`]);
    rows.push([`${stage} p10–p90 coverage`, `${pct(f.coverage)} (nominal 80 %)`]);
  }
  const driftDays = o.reports
    .filter((r) => r.drift.features.some((f) => f.alarm))
    .map((r) => r.date);
  rows.push(['behaviour change', `${o.calendar.changes}`]);
  rows.push([
    'days with drift alarms',
    driftDays.length ? `${driftDays.length} (first ${driftDays[0]})` : 'none',
  ]);
  rows.push(['alert e-mails sent', o.reports.reduce((a, r) => a + r.alerts.sent, 0)]);
  rows.push(['incidents resolved', o.reports.reduce((a, r) => a + r.alerts.resolved, 0)]);
  const retrains = o.reports.filter((r) => r.retrain.requested).map((r) => r.date);
  const registered = stats.flatMap((s) => s.registered);
  rows.push([
    'retrains requested',
    retrains.length ? `${retrains.length} (${retrains[0]} to ${retrains.at(-1)})` : 'none',
  ]);
  rows.push(['versions registered by retrains', registered.length]);
  // Changes of prod during the replay (the shadow's changes follow them).
  const first = o.calendar.replayDays[0] ?? '';
  const changes = o.stages.history.filter(
    (e) => e.stage === 'prod' && e.action !== 'register' && e.at.slice(0, 10) >= first,
  );
  if (changes.length === 0) rows.push(['promotions and rollbacks', 'none']);
  for (const e of changes)
    rows.push([`${e.action} on ${e.at.slice(0, 10)}`, `${e.version} (was ${e.previous ?? '-'})`]);
  rows.push(['prod / pre now', `${o.stages.prod ?? '-'} / ${o.stages.pre ?? '-'}`]);
  return formatTable(rows);
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'generate a fleet, train, and replay days of production (ingest, forecast, monitor, alert, retrain, promote) on the embedded store',
    )
    .option('--supplies <n>', 'supplies in the fleet', positive(5000), DEMO_DEFAULTS.supplies)
    .option(
      '--history-days <n>',
      'days of history before the replay',
      positive(1000),
      DEMO_DEFAULTS.historyDays,
    )
    .option('--days <n>', 'days replayed', positive(366), DEMO_DEFAULTS.days)
    .option('--seed <n>', 'random seed of the fleet', (v) => Number(v), DEMO_DEFAULTS.seed)
    .option('--out <dir>', 'the demo folder (store, registry, outbox, report)', 'demo')
    .option(
      '--fresh',
      'delete the folder and start again (default: continue where it stopped)',
      false,
    )
    .action(
      async (opts: {
        supplies: number;
        historyDays: number;
        days: number;
        seed: number;
        out: string;
        fresh: boolean;
      }) => {
        if (!Number.isSafeInteger(opts.seed) || opts.seed < 0)
          throw new InvalidArgumentError('--seed: expected an integer >= 0');
        const options: DemoOptions = {
          ...DEMO_DEFAULTS,
          supplies: opts.supplies,
          historyDays: opts.historyDays,
          days: opts.days,
          seed: opts.seed,
        };
        const outcome = await runDemo(options, opts.out, {
          fresh: opts.fresh,
          say: (line) => process.stderr.write(`${line}\n`),
        });
        process.stdout.write(`${demoSummary(outcome)}\n`);
        process.stdout.write(`report: ${outcome.paths.report}\noutbox: ${outcome.paths.outbox}\n`);
      },
    );
}
