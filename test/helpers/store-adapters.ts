/** Store adapters and row factories for the Store contract tests. */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { comparePrecedence } from '../../shared/adapters/precedence.js';
import { type Store } from '../../shared/ports.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { type FileRecord, type Reading, type WeatherRow } from '../../shared/types.js';
import { prng } from './prng.js';

export { prng };

export interface StoreAdapter {
  name: string;
  skip: string | undefined;
  /**
   * A fresh, empty store; `reopen` opens the same data again and `path` is its file (SQLite),
   * `dbName` its database (MongoDB).
   */
  open(): Promise<Store & { reopen?: () => Promise<Store>; path?: string; dbName?: string }>;
}

const MONGO_URL = process.env.MCE_TEST_MONGO_URL;
const RUN = randomUUID().slice(0, 8);
const folders: string[] = [];
const databases: string[] = [];
export const opened: Store[] = [];

/** SQLite always; MongoDB when MCE_TEST_MONGO_URL names a server (a fresh database per store). */
export const STORE_ADAPTERS: StoreAdapter[] = [
  {
    name: 'sqlite',
    skip: undefined,
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'mce-store-'));
      folders.push(dir);
      const config = {
        storeUrl: `sqlite:${join(dir, 'nested', 'mce.db')}`,
        mongoDb: '',
        mongoPredCol: 'predictions',
        mongoMeteoCol: 'weather',
      };
      const store = await openStore(config);
      opened.push(store);
      const path = join(dir, 'nested', 'mce.db');
      return Object.assign(store, { reopen: () => openStore(config), path });
    },
  },
  {
    name: 'mongodb',
    skip: MONGO_URL ? undefined : 'MCE_TEST_MONGO_URL is not set (start test/services.sh)',
    async open() {
      const mongoDb = `mce_test_${RUN}_${databases.length}`;
      databases.push(mongoDb);
      const store = await openStore({
        storeUrl: MONGO_URL ?? '',
        mongoDb,
        mongoPredCol: 'predictions',
        mongoMeteoCol: 'meteo',
      });
      opened.push(store);
      return Object.assign(store, { dbName: mongoDb });
    },
  },
];

/** Closes every store opened here, removes the SQLite folders and drops the test databases. */
export async function cleanUpStores(): Promise<void> {
  await Promise.all(opened.map((s) => s.close()));
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
  if (MONGO_URL && databases.length > 0) {
    const client = new MongoClient(MONGO_URL);
    for (const name of databases) await client.db(name).dropDatabase();
    await client.close();
  }
}

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2025, 2, 1);
export const CUPS = [
  'ES0031000000000001AB',
  'ES0031000000000002CD',
  'ES0021000000000003EF',
] as const;

/** A reading as a store returns it: known since its own file's date unless told otherwise. */
export function reading(overrides: Partial<Reading> = {}): Reading {
  const fileDate = overrides.fileDate ?? 20250305;
  return {
    cups: CUPS[0],
    hourEnd: T0 + HOUR,
    wh: 100,
    exportWh: null,
    kind: 'F5D',
    fileDate,
    version: 1,
    method: 1,
    firm: true,
    uploadedAt: 0,
    knownDate: fileDate,
    ...overrides,
  };
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const rand = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export async function all(store: Store): Promise<Reading[]> {
  const out: Reading[] = [];
  for await (const r of store.readingsBetween(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)) {
    out.push(r);
  }
  return out;
}

export function fileRecord(overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    bucket: 'raw',
    object: 'F5D_0031_0762_20250305.0',
    generation: '1',
    sha256: 'a'.repeat(64),
    kind: 'F5D',
    status: 'done',
    rowsOk: 10,
    rowsRejected: 0,
    updatedAt: T0,
    error: null,
    ...overrides,
  };
}

export function weatherRow(overrides: Partial<WeatherRow> = {}): WeatherRow {
  return {
    location: '40.42,-3.70',
    hourEnd: T0 + HOUR,
    kind: 'forecast',
    issuedAt: T0 - 10 * HOUR,
    temperatureC: 12.5,
    humidityPct: 60,
    cloudPct: 20,
    windMs: 3.2,
    radiationWm2: null,
    source: 'open-meteo',
    ...overrides,
  };
}

/** The reading that wins each (cups, hourEnd) by precedence, in the order the store reads them. */
export function winners(readings: readonly Reading[]): Reading[] {
  const best = new Map<string, Reading>();
  const known = new Map<string, number>();
  for (const r of readings) {
    const key = `${r.cups}|${r.hourEnd}`;
    const held = best.get(key);
    if (!held || comparePrecedence(r, held) > 0) best.set(key, r);
    known.set(key, Math.min(known.get(key) ?? Number.POSITIVE_INFINITY, r.knownDate ?? r.fileDate));
  }
  return [...best.entries()]
    .map(([key, r]) => ({ ...r, knownDate: known.get(key) }))
    .sort((a, b) => a.cups.localeCompare(b.cups) || a.hourEnd - b.hourEnd);
}
