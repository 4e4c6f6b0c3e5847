import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerGenerate } from '../../cli/commands/generate.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function program(): Command {
  const p = new Command('mce').exitOverride();
  p.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerGenerate(p);
  return p;
}

describe('mce generate', () => {
  it('writes metering files, supplies.csv, changes.json and weather into --out', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mce-gen-'));
    const args = ['generate', '--supplies', '5', '--from', '2024-05-30', '--to', '2024-06-02'];

    await program().parseAsync([
      'node',
      'mce',
      ...args,
      '--out',
      dir,
      '--seed',
      '3',
      '--changes',
      'ev:0.2@2024-06-01',
      '--p5d',
      'weekly',
    ]);

    expect(readdirSync(dir).sort()).toEqual([
      'changes.json',
      'metering',
      'supplies.csv',
      'weather',
    ]);
    expect(readdirSync(join(dir, 'weather'))).toContain('observed.jsonl');
    const names = readdirSync(join(dir, 'metering'));
    expect(names.some((n) => /^P5D_\d{4}_0762_20240603\.0$/.test(n))).toBe(true);
    expect(names.some((n) => /^F5D_\d{4}_0762_202406\d\d\.0$/.test(n))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'changes.json'), 'utf8')).changes).toHaveLength(1);
  });

  it.each([
    [['--supplies', '0'], 'positive integer'],
    [['--from', '2024-13-01'], 'YYYY-MM-DD'],
    [['--p5d', 'monthly'], 'daily or weekly'],
  ])('refuses %j', async (bad, message) => {
    dir = mkdtempSync(join(tmpdir(), 'mce-gen-'));
    const base = { '--supplies': '2', '--from': '2024-06-01', '--to': '2024-06-01', '--out': dir };
    const args = Object.entries({ ...base, [bad[0]!]: bad[1]! }).flat();

    await expect(program().parseAsync(['node', 'mce', 'generate', ...args])).rejects.toThrow(
      message,
    );
  });
});
