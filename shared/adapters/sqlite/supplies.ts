import { type DatabaseSync } from 'node:sqlite';
import { type SupplyPatch } from '../../ports.js';
import { type Supply } from '../../types.js';
import { mergeSupply } from '../supply-merge.js';

type Row = {
  cups: string;
  zone: Supply['zone'];
  first_reading: number | null;
  last_reading: number | null;
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  province: string | null;
  tariff: string | null;
  segment: number | null;
  active: number;
};

const COLUMNS =
  'cups, zone, first_reading, last_reading, location, latitude, longitude, province, tariff, segment, active';

function toSupply(row: Row): Supply {
  return {
    cups: row.cups,
    zone: row.zone,
    firstReading: row.first_reading,
    lastReading: row.last_reading,
    location: row.location,
    latitude: row.latitude,
    longitude: row.longitude,
    province: row.province,
    tariff: row.tariff,
    segment: row.segment,
    active: row.active === 1,
  };
}

/** The supplies table: merge-upserts (read, merge, write in one transaction) and reads. */
export interface SqliteSupplies {
  upsert(patches: readonly SupplyPatch[]): void;
  get(cups: string): Supply | undefined;
  list(): Supply[];
}

/** Prepares the supplies statements on `db` (schema already migrated). */
export function sqliteSupplies(db: DatabaseSync): SqliteSupplies {
  const getStmt = db.prepare(`SELECT ${COLUMNS} FROM supplies WHERE cups = ?`);
  const listStmt = db.prepare(`SELECT ${COLUMNS} FROM supplies ORDER BY cups`);
  const putStmt = db.prepare(
    `INSERT OR REPLACE INTO supplies (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const get = (cups: string) => {
    const row = getStmt.get(cups) as Row | undefined;
    return row ? toSupply(row) : undefined;
  };
  return {
    upsert(patches) {
      if (patches.length === 0) return;
      // IMMEDIATE takes the write lock first, so the read-merge-write cannot interleave with
      // another process's.
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const patch of patches) {
          const s = mergeSupply(get(patch.cups), patch);
          putStmt.run(
            s.cups,
            s.zone,
            s.firstReading,
            s.lastReading,
            s.location,
            s.latitude,
            s.longitude,
            s.province,
            s.tariff,
            s.segment,
            s.active ? 1 : 0,
          );
        }
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    get,
    list: () => (listStmt.all() as Row[]).map(toSupply),
  };
}
