import { driftOptions } from '../alerts/rules/drift.js';
import { type Config } from '../config.js';
import { type MonitorSettings } from './monitor.js';

/**
 * The monitor's settings from the configuration: the alert rules' limits (MCE_ALERT_*), the
 * e-mail policy (MCE_ALERT_FROM/TO, repeat interval, resolved notices), the drift test options
 * and the monitor's own (MCE_MONITOR_*, MCE_RETRAIN_*, MCE_PROMOTE_*). `reportLink` says where
 * the report of a run day can be read; alert e-mails quote it.
 */
export function monitorSettings(
  config: Config,
  reportLink: (day: string) => string,
): MonitorSettings {
  return {
    alerts: config.alerts,
    drift: driftOptions(config.alerts),
    monitor: config.monitor,
    notices: {
      from: config.mail.alertFrom,
      to: config.mail.alertTo,
      repeatIntervalMs: config.alerts.repeatIntervalMs,
      sendResolved: config.alerts.sendResolved,
      timeZone: 'Europe/Madrid',
    },
    reportLink,
  };
}
