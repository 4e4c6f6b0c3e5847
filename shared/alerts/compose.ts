/**
 * The e-mail of an incident notice: subject and body say what, since when, how bad and where the
 * report is; notices of one incident form one thread (Message-ID, In-Reply-To, References).
 */
import { HOUR_MS } from '../calendar/zone.js';
import { type AlertNotification, type Incident, type MailMessage } from '../types.js';

export interface NoticeSettings {
  from: string;
  to: readonly string[];
  /** Where the day's monitoring report is (a path or URL given by the caller). */
  reportUrl: string;
  repeatIntervalMs: number;
  /** Time zone the body's times are written in. */
  timeZone: string;
}

/** `2025-03-10 11:00` in the given zone. */
export function formatInstant(ms: number, timeZone: string): string {
  const text = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(ms));
  return `${text} ${timeZone}`;
}

/** `2 d 3 h`, `5 h`, `under 1 h`. */
export function formatDuration(ms: number): string {
  const hours = Math.floor(ms / HOUR_MS);
  if (hours < 1) return 'under 1 h';
  const days = Math.floor(hours / 24);
  return days > 0 ? `${days} d ${hours % 24} h` : `${hours} h`;
}

/** The domain of the From address, for Message-IDs. */
function senderDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split('@')[1]?.trim() || 'localhost';
}

/** A stable Message-ID for notice `n` of an incident (no angle brackets). */
export function noticeMessageId(incident: Incident, n: number, from: string): string {
  const slug = (text: string) => text.replace(/[^A-Za-z0-9_-]+/g, '-');
  return `mce.${slug(incident.ruleId)}.${slug(incident.subject)}.${incident.firstFiredAt}.${n}@${senderDomain(from)}`;
}

function valueLines(incident: Incident): string[] {
  const entries = Object.entries(incident.values);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `  ${k.padEnd(width)}  ${v === null ? '—' : String(v)}`);
}

/** Composes notice number `n` (1 = the first) of `kind` for `incident` as of `now`. */
export function composeNotice(
  incident: Incident,
  kind: AlertNotification['kind'],
  n: number,
  now: number,
  s: NoticeSettings,
): MailMessage {
  const resolved = kind === 'resolved';
  const tag = resolved ? 'RESOLVED' : incident.severity.toUpperCase();
  const still = kind === 'repeat' ? ' (still firing)' : '';
  const since = `${formatInstant(incident.firstFiredAt, s.timeZone)}`;
  const lines = [
    resolved ? `Resolved: ${incident.summary}` : incident.summary,
    '',
    `What:     ${incident.summary} (rule ${incident.ruleId})`,
    `Subject:  ${incident.subject}`,
    resolved
      ? `When:     from ${since} to ${formatInstant(incident.resolvedAt ?? now, s.timeZone)} (${formatDuration((incident.resolvedAt ?? now) - incident.firstFiredAt)})`
      : `Since:    ${since} (firing for ${formatDuration(now - incident.firstFiredAt)})`,
    `How bad:  ${incident.severity}${incident.worstSeverity === incident.severity ? '' : ` (worst so far: ${incident.worstSeverity})`}`,
    `Report:   ${s.reportUrl}`,
    '',
    'Values:',
    ...valueLines(incident),
    ...(incident.details ? ['', incident.details] : []),
    '',
    resolved
      ? `Incident ${incident.id}, notice ${n} (the last).`
      : `Incident ${incident.id}, notice ${n}. Repeated every ${formatDuration(s.repeatIntervalMs)} while it fires.`,
  ];
  const first = noticeMessageId(incident, 1, s.from);
  return {
    from: s.from,
    to: [...s.to],
    subject: `[MCE ${tag}]${still} ${incident.subject}: ${incident.summary}`,
    text: `${lines.join('\n')}\n`,
    messageId: noticeMessageId(incident, n, s.from),
    ...(n > 1 ? { inReplyTo: first, references: [first] } : {}),
    headers: { 'X-MCE-Incident': incident.id, 'X-MCE-Rule': incident.ruleId },
    date: now,
  };
}
