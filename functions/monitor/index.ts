import * as ff from '@google-cloud/functions-framework';
import { localDayOf } from '../../shared/calendar/zone.js';
import { type FunctionNeed } from '../../shared/config-needs.js';
import { acceptEvent, acknowledgePermanent } from '../../shared/events/accept.js';
import { parseMonitorTick } from '../../shared/events/monitor.js';
import { type PubsubCloudEvent } from '../../shared/events/pubsub.js';
import { type MonitorDeps, runMonitor } from '../../shared/pipelines/monitor.js';
import { monitorSettings } from '../../shared/pipelines/monitor-settings.js';
import { type Mailer } from '../../shared/ports.js';
import { createModelCache, type ModelSource } from '../../shared/registry/model-cache.js';
import { getFunctionDeps } from '../../shared/runtime/function-deps.js';
import { openMailer } from '../../shared/runtime/open-mailer.js';
import { type MonitorReport } from '../../shared/types.js';

/** What this function reads from its environment in production (terraform/ sets it). */
export const PRODUCTION_NEEDS: readonly FunctionNeed[] = ['store', 'artifacts', 'bus', 'mail'];

export type MonitorHandlerDeps = MonitorDeps & { maxEventAgeMs: number };

/**
 * monitor-tick -> score, test drift, alert, retrain, promote, and store the day's report. A
 * redelivered tick runs the same day again, which changes nothing (runMonitor is idempotent).
 */
export async function handle(
  event: PubsubCloudEvent,
  deps: MonitorHandlerDeps,
): Promise<MonitorReport | undefined> {
  const tick = acceptEvent(event, (m) => parseMonitorTick(m.json), deps);
  if (tick === undefined) return undefined;
  const logger = deps.logger.child({ eventId: event.id });
  const date = tick.date ?? localDayOf(deps.now(), 'Europe/Madrid');
  try {
    const report = await runMonitor({ date }, { ...deps, logger });
    logger.info('monitor done', {
      date,
      scored: report.days.filter((d) => d.status !== 'waiting').map((d) => d.date),
      waiting: report.days.filter((d) => d.status === 'waiting').map((d) => d.date),
      driftAlarms: report.drift.features.filter((f) => f.alarm).map((f) => f.feature),
      alertsFiring: report.alerts.firing.length,
      sent: report.alerts.sent,
      pending: report.alerts.pending,
      retrain: report.retrain.requested ? report.retrain.runId : null,
      promotion: report.promotion.action,
    });
    return report;
  } catch (error: unknown) {
    return acknowledgePermanent(error, logger);
  }
}

// Built once per instance, as the other dependencies are.
let mailer: Mailer | undefined;
let models: ModelSource | undefined;

ff.cloudEvent('monitor', async (event: ff.CloudEvent<PubsubCloudEvent['data']>) => {
  const d = await getFunctionDeps();
  mailer ??= openMailer(d.config.mail);
  models ??= createModelCache(d.artifacts);
  await handle(event, {
    ...d,
    blobs: d.artifacts,
    mailer,
    models,
    maxEventAgeMs: d.config.maxEventAgeMs,
    settings: monitorSettings(d.config, (day) => `mce monitor --date ${day} --json`),
  });
});
