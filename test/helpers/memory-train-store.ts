import { type ReadingStore, type SupplyStore, type WeatherStore } from '../../shared/ports.js';
import { type Reading, type Supply, type WeatherRow } from '../../shared/types.js';

/** An F5D reading (first version, measured, firm) of one supply and hour: what the test fleets store. */
export function f5dReading(cups: string, hourEnd: number, wh: number): Reading {
  return {
    cups,
    hourEnd,
    wh,
    exportWh: null,
    kind: 'F5D',
    fileDate: 20240101,
    version: 1,
    method: 1,
    firm: true,
    uploadedAt: 0,
  };
}

/**
 * A read-mostly in-memory store with just what training reads (supplies, readings by supply and
 * window, weather by location and kind). Writes are minimal; the real adapters have contract tests.
 */
export function createTrainStore(
  supplies: Supply[],
  readings: { cups: string; hourEnd: number; wh: number }[][],
  weather: WeatherRow[],
): ReadingStore & SupplyStore & WeatherStore {
  const byCups = new Map<string, Reading[]>();
  for (const list of readings) {
    for (const r of list) {
      byCups.set(r.cups, [...(byCups.get(r.cups) ?? []), f5dReading(r.cups, r.hourEnd, r.wh)]);
    }
  }
  const list = supplies.map((s) => ({ ...s }));
  return {
    async upsertReadings() {
      throw new Error('Read-only test store');
    },
    async upsertReadingBatches() {
      throw new Error('Read-only test store');
    },
    async readings(cups, fromMs, toMs) {
      return (byCups.get(cups) ?? []).filter((r) => r.hourEnd > fromMs && r.hourEnd <= toMs);
    },
    async *readingsBetween(fromMs, toMs) {
      for (const rows of byCups.values())
        yield* rows.filter((r) => r.hourEnd > fromMs && r.hourEnd <= toMs);
    },
    async countReadings() {
      return [...byCups.values()].reduce((n, r) => n + r.length, 0);
    },
    async upsertSupplies() {
      throw new Error('Read-only test store');
    },
    async getSupply(cups) {
      return list.find((s) => s.cups === cups);
    },
    async listSupplies() {
      return list.map((s) => ({ ...s }));
    },
    async upsertWeather() {
      throw new Error('Read-only test store');
    },
    async weather(location, kind, fromMs, toMs) {
      return weather.filter(
        (w) =>
          w.location === location && w.kind === kind && w.hourEnd > fromMs && w.hourEnd <= toMs,
      );
    },
  };
}

/** Supplies for a test fleet's CUPS: Madrid, province 28, located at the fleet's weather point. */
export function testSupplies(cupsList: string[], location: string, lastReading: number): Supply[] {
  return cupsList.map((cups) => ({
    cups,
    zone: 'Europe/Madrid',
    firstReading: 0,
    lastReading,
    location,
    latitude: 40.42,
    longitude: -3.7,
    province: '28',
    tariff: '2.0TD',
    segment: null,
    active: true,
  }));
}
