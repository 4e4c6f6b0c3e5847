import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { type ReadingDoc, toReadingDoc } from '../../shared/adapters/mongo/readings.js';
import { HOUR_MS } from '../../shared/calendar/zone.js';
import { type Store, type UpsertCounts } from '../../shared/ports.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { kindRank, type Reading } from '../../shared/types.js';
import { reportMeasurement } from '../harness.js';

/**
 * Upsert throughput of generated readings in batches of 5,000, in one of four modes:
 *   plain    baseline: the same rows written with no conflict handling (SQLite: multi-row INSERT
 *            into the same table shape; MongoDB: insertMany of the same documents)
 *   fresh    Store.upsertReadings into an empty store
 *   rerun    the same rows again (all unchanged); the first pass is not timed
 *   replace  the same keys at a higher version (all replaced); the first pass is not timed
 * Usage: store-upsert.js MODE sqlite|MONGO_URL COUNT
 */
const [mode = 'fresh', target = 'sqlite', countArg = '1000000'] = process.argv.slice(2);
const COUNT = Number(countArg);
const BATCH = 5000;
const HOURS = 730; // a month of hours per supply, supplies in file order
const T0 = Date.UTC(2025, 0, 1);

function generate(version: number): Reading[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    cups: `ES0031${String(Math.floor(i / HOURS)).padStart(12, '0')}AB`,
    hourEnd: T0 + ((i % HOURS) + 1) * HOUR_MS,
    wh: (i * 7919) % 3000,
    exportWh: null,
    kind: 'F5D',
    fileDate: 20250205,
    uploadedAt: 0,
    version,
    method: 1,
    firm: true,
  }));
}

async function plainSqlite(path: string, rows: readonly Reading[]): Promise<void> {
  // Loaded here so that the other modes show openStore's handling of its warning.
  const { DatabaseSync } = await import('node:sqlite');
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
    CREATE TABLE plain (cups TEXT NOT NULL, hour_end INTEGER NOT NULL, wh NUMERIC NOT NULL,
      export_wh NUMERIC, kind INTEGER NOT NULL, file_date INTEGER NOT NULL, version INTEGER NOT NULL,
      method INTEGER, firm INTEGER, PRIMARY KEY (cups, hour_end)) WITHOUT ROWID`);
  // Same statement size and parameter filling as the adapter, minus the conflict clause.
  const per = 128;
  const values = (n: number) => Array.from({ length: n }, () => '(?,?,?,?,?,?,?,?,?)').join(',');
  const full = db.prepare(`INSERT INTO plain VALUES ${values(per)}`);
  const params: (string | number | null)[] = new Array(per * 9);
  for (let b = 0; b < rows.length; b += BATCH) {
    const end = Math.min(b + BATCH, rows.length);
    db.exec('BEGIN');
    for (let s = b; s < end; s += per) {
      const n = Math.min(per, end - s);
      const p = n === per ? params : new Array(n * 9);
      let j = 0;
      for (let i = s; i < s + n; i++) {
        const r = rows[i]!;
        p[j++] = r.cups;
        p[j++] = r.hourEnd;
        p[j++] = r.wh;
        p[j++] = r.exportWh;
        p[j++] = kindRank(r.kind);
        p[j++] = r.fileDate;
        p[j++] = r.version;
        p[j++] = r.method;
        p[j++] = r.firm === null ? null : r.firm ? 1 : 0;
      }
      (n === per ? full : db.prepare(`INSERT INTO plain VALUES ${values(n)}`)).run(...p);
    }
    db.exec('COMMIT');
  }
  db.close();
}

async function upsertAll(store: Store, rows: readonly Reading[]): Promise<UpsertCounts> {
  const total: UpsertCounts = { inserted: 0, replaced: 0, unchanged: 0 };
  for (let b = 0; b < rows.length; b += BATCH) {
    const c = await store.upsertReadings(rows.slice(b, b + BATCH));
    total.inserted += c.inserted;
    total.replaced += c.replaced;
    total.unchanged += c.unchanged;
  }
  return total;
}

const first = generate(1);
const second = mode === 'replace' ? generate(2) : first;
const sqlitePath = join(tmpdir(), `mce-bench-store-${process.pid}.db`);
const mongoDb = `mce_bench_store_${process.pid}`;
const storeUrl = target === 'sqlite' ? `sqlite:${sqlitePath}` : target;
let seconds = 0;
let counts: UpsertCounts | undefined;
try {
  if (mode === 'plain' && target === 'sqlite') {
    const started = performance.now();
    await plainSqlite(sqlitePath, first);
    seconds = (performance.now() - started) / 1000;
  } else if (mode === 'plain') {
    const client = new MongoClient(target);
    const col = client.db(mongoDb).collection<ReadingDoc>('plain');
    const started = performance.now();
    for (let b = 0; b < first.length; b += BATCH) {
      await col.insertMany(first.slice(b, b + BATCH).map(toReadingDoc), { ordered: false });
    }
    seconds = (performance.now() - started) / 1000;
    await client.close();
  } else {
    const store = await openStore({ storeUrl, mongoDb, mongoPredCol: 'p', mongoMeteoCol: 'w' });
    if (mode !== 'fresh') await upsertAll(store, first);
    const started = performance.now();
    counts = await upsertAll(store, second);
    seconds = (performance.now() - started) / 1000;
    await store.close();
  }
} finally {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlitePath}${suffix}`, { force: true });
  if (target !== 'sqlite') {
    const client = new MongoClient(target);
    await client.db(mongoDb).dropDatabase();
    await client.close();
  }
}
reportMeasurement(COUNT / seconds, 'rows/s', { mode, rows: COUNT, seconds, ...counts });
