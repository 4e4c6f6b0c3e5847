import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerModels } from '../../cli/commands/models.js';
import { createFileBlobStore } from '../../shared/adapters/files/blob-store.js';
import { type ModelManifest } from '../../shared/registry/manifest.js';
import { registerVersion } from '../../shared/registry/registry.js';

let dir: string;

async function mce(...args: string[]): Promise<string> {
  const program = new Command('mce').exitOverride();
  registerModels(program);
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) =>
    chunks.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'mce', ...args, '--artifacts', dir]);
  } finally {
    process.stdout.write = write;
  }
  return chunks.join('');
}

function manifest(version: string, wape: number): Omit<ModelManifest, 'files'> {
  return {
    kind: 'mce-segmented-forest',
    schemaVersion: 1,
    version,
    runId: 'r',
    createdAt: '2024-05-01T00:00:00.000Z',
    codeRevision: 'abc',
    data: {
      windowStart: '2023-05-01',
      windowEnd: '2024-04-30',
      fingerprint: 'f'.repeat(64),
      supplies: 10,
      trainRows: 100,
      dataLatencyDays: 2,
      weather: 'observed',
    },
    featureNames: ['a'],
    target: 'wh-over-level',
    hyperParameters: {},
    segments: [],
    centroidsFile: 'segments.json',
    metrics: {
      backtest: {
        model: { wape, mape: 0.2, bias: 0 },
        skillVsSeasonalNaive: 0.3,
        skillVsPersistence: 0.1,
      },
    },
    reference: {},
  };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mce-models-'));
  const blobs = createFileBlobStore(dir);
  await registerVersion(blobs, manifest('v1', 0.12), {
    'segments.json': new TextEncoder().encode('{}'),
  });
  await registerVersion(blobs, manifest('v2', 0.1), {
    'segments.json': new TextEncoder().encode('{}'),
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('mce models', () => {
  it('lists versions with their stage and backtest WAPE as JSON', async () => {
    const listed = JSON.parse(await mce('models', 'list', '--json'));
    expect(listed.versions.map((v: { version: string }) => v.version)).toEqual(['v1', 'v2']);
    expect(listed.stages).toEqual({ prod: null, pre: 'v2' });
    expect(listed.versions[1].wape).toBe(0.1);
  });

  it('promotes pre to prod, promotes a given version, and rolls back', async () => {
    expect(JSON.parse(await mce('models', 'promote', '--json')).prod).toBe('v2');
    const promoted = JSON.parse(await mce('models', 'promote', 'v1', '--json'));
    // The replaced prod runs on as the shadow; every change by hand says so.
    expect([promoted.prod, promoted.pre]).toEqual(['v1', 'v2']);
    const rolled = JSON.parse(await mce('models', 'rollback', '--json'));
    expect([rolled.prod, rolled.pre]).toEqual(['v2', null]);
    expect(
      rolled.history
        .filter((e: { stage: string }) => e.stage === 'prod')
        .map((e: { action: string; reason?: string }) => `${e.action}: ${e.reason}`),
    ).toEqual(['promote: by hand', 'promote: by hand', 'rollback: by hand']);
    expect(await mce('models', 'list')).toMatch(/v2\s+prod/);
  });

  it('shows a manifest, as text and as JSON', async () => {
    expect(await mce('models', 'show', 'v1')).toContain('WAPE 12.0%');
    expect(JSON.parse(await mce('models', 'show', 'v1', '--json')).codeRevision).toBe('abc');
  });
});
