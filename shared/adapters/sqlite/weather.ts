import { type DatabaseSync } from 'node:sqlite';
import { type UpsertCounts } from '../../ports.js';
import { type WeatherKind, type WeatherRow } from '../../types.js';

type Row = {
  location: string;
  kind: WeatherKind;
  hour_end: number;
  issued_at: number;
  temperature_c: number | null;
  humidity_pct: number | null;
  cloud_pct: number | null;
  wind_ms: number | null;
  radiation_wm2: number | null;
  source: string;
};

const KEY = ['location', 'kind', 'hour_end', 'issued_at'] as const;
const VALUES = [
  'temperature_c',
  'humidity_pct',
  'cloud_pct',
  'wind_ms',
  'radiation_wm2',
  'source',
] as const;
const COLUMNS = [...KEY, ...VALUES].join(', ');

function toRow(w: WeatherRow): Row {
  return {
    location: w.location,
    kind: w.kind,
    hour_end: w.hourEnd,
    issued_at: w.issuedAt,
    temperature_c: w.temperatureC,
    humidity_pct: w.humidityPct,
    cloud_pct: w.cloudPct,
    wind_ms: w.windMs,
    radiation_wm2: w.radiationWm2,
    source: w.source,
  };
}

function toWeather(row: Row): WeatherRow {
  return {
    location: row.location,
    hourEnd: row.hour_end,
    kind: row.kind,
    issuedAt: row.issued_at,
    temperatureC: row.temperature_c,
    humidityPct: row.humidity_pct,
    cloudPct: row.cloud_pct,
    windMs: row.wind_ms,
    radiationWm2: row.radiation_wm2,
    source: row.source,
  };
}

/** The weather table. */
export interface SqliteWeather {
  upsert(rows: readonly WeatherRow[]): UpsertCounts;
  query(location: string, kind: WeatherKind, fromMs: number, toMs: number): WeatherRow[];
}

/** Prepares the weather statements on `db` (schema already migrated). */
export function sqliteWeather(db: DatabaseSync): SqliteWeather {
  const named = (cols: readonly string[]) => cols.map((c) => `$${c}`).join(', ');
  const insertStmt = db.prepare(
    `INSERT INTO weather (${COLUMNS}) VALUES (${named([...KEY, ...VALUES])})
     ON CONFLICT DO NOTHING`,
  );
  // Replaces only when a value differs, so an identical row counts as unchanged.
  const updateStmt = db.prepare(
    `UPDATE weather SET ${VALUES.map((c) => `${c} = $${c}`).join(', ')}
     WHERE ${KEY.map((c) => `${c} = $${c}`).join(' AND ')}
       AND (${VALUES.map((c) => `${c} IS NOT $${c}`).join(' OR ')})`,
  );
  const queryStmt = db.prepare(
    `SELECT ${COLUMNS} FROM weather WHERE location = ? AND kind = ? AND hour_end > ? AND hour_end <= ?
     ORDER BY hour_end, issued_at`,
  );
  return {
    upsert(rows) {
      const counts: UpsertCounts = { inserted: 0, replaced: 0, unchanged: 0 };
      if (rows.length === 0) return counts;
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const w of rows) {
          const row = toRow(w);
          if (Number(insertStmt.run(row).changes) === 1) counts.inserted++;
          else if (Number(updateStmt.run(row).changes) === 1) counts.replaced++;
          else counts.unchanged++;
        }
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
      return counts;
    },
    query: (location, kind, fromMs, toMs) =>
      (queryStmt.all(location, kind, fromMs, toMs) as Row[]).map(toWeather),
  };
}
