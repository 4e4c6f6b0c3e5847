/** Section "Alerts": every alert e-mail of the period with its subject, time and delivery state. */
import { type AlertEntry, type ReportData } from '../report-data.js';
import { plural } from './format.js';
import { escapeHtml, htmlTable } from './html.js';
import { emptySection, type RenderedSection, sectionHtml, whenHtml } from './section.js';

const ID = 'alerts';

function delivery(n: AlertEntry): string {
  if (n.status === 'sent') {
    return `<span class="state sent">sent</span> ${n.sentAt === null ? '' : whenHtml(n.sentAt)}`;
  }
  const tried = n.attempts === 0 ? 'not tried yet' : `${plural(n.attempts, 'attempt')}`;
  const error = n.lastError === null ? '' : `: ${escapeHtml(n.lastError)}`;
  return `<span class="state pending">pending</span> (${tried}${error})`;
}

/** Renders the section from the period's alert notices. */
export function renderAlertSection(data: ReportData): RenderedSection {
  const title = 'Alerts';
  const { notices } = data.alerts;
  if (notices.length === 0) {
    return emptySection(ID, title, 'No alert e-mails in this period.');
  }
  const sent = notices.filter((n) => n.status === 'sent').length;
  const incidents = new Set(notices.map((n) => n.incidentId)).size;
  const summary = `${plural(notices.length, 'e-mail')} about ${plural(incidents, 'incident')}: ${sent} sent, ${notices.length - sent} pending. One incident is one rule firing for one subject; it sends a first notice, repeats while it fires and a last notice when it resolves.`;
  const rows = notices.map((n) => [
    whenHtml(n.createdAt),
    `<span class="sev ${n.worstSeverity}">${n.worstSeverity}</span>`,
    escapeHtml(n.kind),
    escapeHtml(n.emailSubject),
    escapeHtml(n.to.join(', ')),
    delivery(n),
  ]);
  const table = htmlTable(
    'Alert e-mails, oldest first',
    ['Created', 'Worst severity', 'Notice', 'E-mail subject', 'To', 'Delivery'],
    rows,
    [3, 5],
  );
  return {
    id: ID,
    title,
    html: sectionHtml(ID, title, `<p class="summary">${escapeHtml(summary)}</p>\n${table}`),
    charts: [],
  };
}
