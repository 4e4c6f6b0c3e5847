import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerReport, supplyKeys } from '../../cli/commands/report.js';
import { createFileBlobStore } from '../../shared/adapters/files/blob-store.js';
import { InvalidInputError } from '../../shared/errors.js';
import { readReportData } from '../../shared/report/render/render-report.js';
import { reportFixture } from '../helpers/report-fixture.js';
import { openSqliteStore, seedAlerts, seedRegistry } from '../helpers/report-stores.js';

let dir = '';
const fixture = reportFixture({ supplies: 4 });

async function mce(...args: string[]): Promise<string> {
  const program = new Command('mce').exitOverride();
  registerReport(program);
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) =>
    chunks.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await program.parseAsync([
      'node',
      'mce',
      'report',
      ...args,
      '--store',
      `sqlite:${join(dir, 'mce.db')}`,
      '--artifacts',
      join(dir, 'artifacts'),
    ]);
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
  return chunks.join('');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mce-cli-report-'));
  const store = await openSqliteStore(join(dir, 'mce.db'));
  await store.upsertReadings(fixture.readings);
  await seedAlerts(fixture, store);
  await store.close();
  await seedRegistry(fixture, createFileBlobStore(join(dir, 'artifacts')));
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mce report', () => {
  it('writes the page and prints its path', async () => {
    const out = join(dir, 'reports', 'october.html');

    const printed = await mce('--from', fixture.from, '--to', fixture.to, '--out', out);

    expect(printed).toBe(`${out}\n`);
    expect(existsSync(`${out}.tmp`)).toBe(false);
    const data = readReportData(readFileSync(out, 'utf8'));
    expect(data.from).toBe(fixture.from);
    expect(data.lineage.prod).toBe('v2');
    expect(data.alerts.notices.length).toBeGreaterThan(0);
  });

  it('charts the supplies given with --supply, keyed on 20 characters', async () => {
    const out = join(dir, 'supply.html');
    const asked = `${(fixture.cups[1] ?? '').toLowerCase()}0F`;

    await mce('--to', fixture.to, '--out', out, '--supply', asked);

    const data = readReportData(readFileSync(out, 'utf8'));
    expect(data.forecasts.selection).toBe('requested');
    expect(data.forecasts.supplies.map((s) => s.cups)).toEqual([fixture.cups[1]]);
  });

  it('refuses a bad day', async () => {
    await expect(mce('--from', '2025-10-32', '--out', join(dir, 'x.html'))).rejects.toThrow(
      /'--from <day>' argument '2025-10-32' is invalid\. expected an existing day as YYYY-MM-DD/,
    );
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });
});

describe('supplyKeys', () => {
  it('names the position of a bad CUPS, never the CUPS itself', () => {
    const bad = 'ES0031000000001000XX';
    const act = () => supplyKeys([fixture.cups[0] ?? '', bad]);

    expect(act).toThrow(InvalidInputError);
    expect(act).toThrow('--supply value 2 is not a valid CUPS (check-letters)');
    try {
      act();
    } catch (error: unknown) {
      expect(String(error)).not.toContain(bad);
    }
  });
});
