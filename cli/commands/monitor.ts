import { type Command } from 'commander';
import { localDayOf } from '../../shared/calendar/zone.js';
import { InvalidInputError } from '../../shared/errors.js';
import { monitorSettings } from '../../shared/pipelines/monitor-settings.js';
import { createModelCache } from '../../shared/registry/model-cache.js';
import { runMonitorInProcess } from '../../shared/runtime/monitor-in-process.js';
import { openBlobStore } from '../../shared/runtime/open-blob-store.js';
import { openMailer } from '../../shared/runtime/open-mailer.js';
import { type MonitorReport, type StageDayScore } from '../../shared/types.js';
import { openLocalContext } from '../context.js';
import { dayArgument } from '../dates.js';
import { formatTable } from '../progress.js';

/** `mce monitor`: the daily monitor of the production function, run here (or its stored report). */

const pct = (x: number | null | undefined) => (x == null ? '-' : `${(x * 100).toFixed(1)} %`);

function strongestBaseline(s: StageDayScore | undefined): string {
  const best = Object.entries(s?.baselines ?? {}).sort((a, b) => a[1] - b[1])[0];
  return best ? `${best[0]} ${pct(best[1])}` : '-';
}

/** The report as a person reads it: scored days, drift alarms, alerts, retrain, promotion. */
export function monitorSummary(r: MonitorReport): string {
  const lines: string[] = [];
  if (r.days.length === 0)
    lines.push(
      'no forecast day scored (none with prod predictions, or none changed since last scored)',
    );
  else
    lines.push(
      formatTable([
        [
          'forecast day',
          'status',
          'actuals',
          'prod WAPE',
          'pre WAPE',
          'strongest baseline',
          'prod p10–p90',
        ],
        ...r.days.map((d) => [
          d.date,
          d.status,
          pct(d.actualsCoverage),
          pct(d.stages.prod?.wape),
          pct(d.stages.pre?.wape),
          strongestBaseline(d.stages.prod),
          pct(d.stages.prod?.coverage),
        ]),
      ]),
    );
  const alarms = r.drift.features.filter((f) => f.alarm);
  lines.push(
    r.drift.skipped !== null
      ? `drift: not tested (${r.drift.skipped})`
      : `drift ${r.drift.from}..${r.drift.to} vs ${r.drift.modelVersion}: ${r.drift.features.length} features tested (${r.drift.correction}, α ${r.drift.alpha}), ${alarms.length} in alarm${alarms.map((f) => `\n  ${f.feature}: ${f.effectName} ${f.effect.toPrecision(3)} (min ${f.minEffect}), adjusted p ${f.adjustedPValue.toExponential(2)}`).join('')}`,
  );
  lines.push(
    `alerts: ${r.alerts.firing.length} firing, ${r.alerts.opened} opened, ${r.alerts.resolved} resolved, ${r.alerts.sent} e-mails sent, ${r.alerts.pending} pending${r.alerts.lastError ? ` (last error: ${r.alerts.lastError})` : ''}`,
  );
  for (const f of r.alerts.firing)
    lines.push(`  [${f.severity}] ${f.ruleId} ${f.subject}: ${f.summary}`);
  lines.push(
    `retrain: ${r.retrain.requested ? `requested (${r.retrain.runId})` : 'no'}: ${r.retrain.reason}`,
  );
  lines.push(`promotion: ${r.promotion.action}: ${r.promotion.reason}`);
  return lines.join('\n');
}

export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description(
      'score forecasts against the actuals in, test inputs for drift, mail alerts, retrain and promote (the daily monitor)',
    )
    .option('--date <day>', 'the Europe/Madrid day of the run (default: today)', dayArgument)
    .option('--show', 'print the stored report of the day instead of running', false)
    .option('--json', 'print the report as JSON', false)
    .option('--store <url>', 'store URL (sqlite:PATH or mongodb://…); default MCE_STORE')
    .option(
      '--artifacts <dir|url>',
      'registry folder, file:DIR or gs://bucket/prefix; default MCE_ARTIFACTS (./artifacts)',
    )
    .addHelpText(
      'after',
      '\nA retrain it asks for runs here, before it returns. Re-running a day replaces its report\n' +
        'and sends no e-mail twice. Alert e-mails go where MCE_MAILER says (default: the outbox\n' +
        'folder ./data/outbox, one .eml file each).',
    )
    .action(
      async (opts: {
        date?: string;
        show: boolean;
        json: boolean;
        store?: string;
        artifacts?: string;
      }) => {
        const ctx = await openLocalContext({ store: opts.store, artifacts: opts.artifacts });
        try {
          const date = opts.date ?? localDayOf(Date.now(), 'Europe/Madrid');
          let report: MonitorReport | undefined;
          if (opts.show) {
            report = await ctx.store.getMonitorReport(date);
            if (report === undefined)
              throw new InvalidInputError(
                `No monitor report for ${date}: run mce monitor --date ${date}`,
              );
          } else {
            const mailer = openMailer(ctx.config.mail);
            const blobs = openBlobStore(ctx.config.artifactsUrl, ctx.config);
            try {
              const run = await runMonitorInProcess(
                { date },
                {
                  store: ctx.store,
                  blobs,
                  models: createModelCache(blobs),
                  mailer,
                  logger: ctx.logger,
                  now: () => Date.now(),
                  codeRevision: ctx.config.codeRevision ?? 'unknown',
                  settings: monitorSettings(ctx.config, (d) => `mce monitor --date ${d} --show`),
                },
              );
              report = run.report;
              for (const r of run.retrains)
                process.stderr.write(
                  `monitor: retrain ${r.runId}: ${r.outcome === 'registered' ? `registered ${r.version} as pre` : `${r.outcome} (${r.reason})`}\n`,
                );
            } finally {
              await mailer.close();
            }
          }
          process.stdout.write(
            `${opts.json ? JSON.stringify(report, null, 2) : monitorSummary(report)}\n`,
          );
        } finally {
          await ctx.close();
        }
      },
    );
}
