import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../shared/adapters/sqlite/schema.js';
import { openSqliteStore } from '../../../../shared/adapters/sqlite/store.js';
import { reading } from '../../../helpers/store-adapters.js';

const dir = mkdtempSync(join(tmpdir(), 'mce-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The readings table as schema version 1 created it. */
const VERSION_1 = `
CREATE TABLE readings (
  cups TEXT NOT NULL, hour_end INTEGER NOT NULL, wh NUMERIC NOT NULL, export_wh NUMERIC,
  kind INTEGER NOT NULL, file_date INTEGER NOT NULL, version INTEGER NOT NULL, method INTEGER,
  firm INTEGER, PRIMARY KEY (cups, hour_end)
) WITHOUT ROWID;
INSERT INTO readings VALUES ('ES0031000000000001AB', ${reading().hourEnd}, 100, NULL, 1, 20250305, 1, 1, 1);
PRAGMA user_version = 1;`;

describe('migrate', () => {
  it('adds the upload instant to a version 1 store, keeping its readings (instant 0)', async () => {
    const path = join(dir, 'v1.db');
    const old = new DatabaseSync(path);
    old.exec(VERSION_1);
    old.close();

    const store = openSqliteStore(path);
    const kept = await store.readings(reading().cups, 0, Number.MAX_SAFE_INTEGER);
    const later = await store.upsertReadings([reading({ wh: 5, uploadedAt: 10 })]);
    await store.close();

    expect(kept).toEqual([reading({ uploadedAt: 0 })]);
    expect(later).toEqual({ inserted: 0, replaced: 1, unchanged: 0 });
    const again = new DatabaseSync(path);
    expect(again.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    again.close();
  });
});
