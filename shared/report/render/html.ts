/** Small HTML building blocks: escaping, safe JSON in a script element, CSP source hashes. */
import { createHash } from 'node:crypto';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * JSON for a `<script type="application/json">` element: `<` becomes \u003c so that no string
 * inside can close the element, and U+2028/U+2029 are escaped as well.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Script text made safe to inline: no `</script` can end the element early. */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}

/** A Content-Security-Policy source expression allowing exactly this inline script or style. */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/**
 * A `<table>` with a header row and body rows of ready (escaped) cell HTML. Cells do not wrap,
 * except in the columns listed in `textColumns` (subjects, evidence).
 */
export function htmlTable(
  caption: string,
  head: readonly string[],
  rows: readonly string[][],
  textColumns: readonly number[] = [],
): string {
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const cell = (c: string, i: number) =>
    textColumns.includes(i) ? `<td class="text">${c}</td>` : `<td>${c}</td>`;
  const body = rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
