/**
 * A progress line for long CLI work, on stderr: redrawn in place on a terminal (at most ten times
 * a second), one plain line every few seconds otherwise (CI logs, pipes).
 */
export interface Progress {
  update(done: number, detail?: string): void;
  finish(detail?: string): void;
}

const BAR = 24;

export function createProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const started = performance.now();
  const tty = stream.isTTY === true;
  let last = 0;
  let lastDone = 0;
  let lastDetail = '';
  const render = (done: number, detail: string): string => {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(fraction * BAR);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}]`;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return `${label} ${bar} ${done}/${total} ${detail} ${seconds}s`;
  };
  return {
    update(done, detail = '') {
      lastDone = done;
      lastDetail = detail;
      const now = performance.now();
      if (now - last < (tty ? 100 : 5000)) return;
      last = now;
      stream.write(tty ? `\r${render(done, detail)}\x1b[K` : `${render(done, detail)}\n`);
    },
    finish(detail) {
      const line = render(Math.max(lastDone, total), detail ?? lastDetail);
      stream.write(tty ? `\r${line}\x1b[K\n` : `${line}\n`);
    },
  };
}

/** Renders rows as an aligned text table (first row = header). */
export function formatTable(rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0))) ?? [];
  const line = (r: readonly string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const [head, ...body] = cells;
  if (!head) return '';
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
