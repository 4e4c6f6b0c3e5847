import { mergeSupply } from '../../shared/adapters/supply-merge.js';
import { type SupplyPatch, type UpsertCounts, type WeatherStore } from '../../shared/ports.js';
import { type Supply, type WeatherKind, type WeatherRow } from '../../shared/types.js';

/** An in-memory WeatherStore plus the supplies part the weather pipeline reads. */
export interface MemoryWeatherStore extends WeatherStore {
  rows: Map<string, WeatherRow>;
  upsertSupplies(patches: readonly SupplyPatch[]): Promise<void>;
  listSupplies(): Promise<Supply[]>;
}

const key = (r: WeatherRow) => `${r.location}|${r.hourEnd}|${r.kind}|${r.issuedAt}`;

/** Creates an empty store. */
export function createMemoryWeatherStore(): MemoryWeatherStore {
  const rows = new Map<string, WeatherRow>();
  const supplies = new Map<string, Supply>();
  return {
    rows,
    async upsertWeather(input): Promise<UpsertCounts> {
      const counts = { inserted: 0, replaced: 0, unchanged: 0 };
      for (const r of input) {
        const seen = rows.get(key(r));
        if (seen === undefined) counts.inserted++;
        else if (JSON.stringify(seen) === JSON.stringify(r)) counts.unchanged++;
        else counts.replaced++;
        rows.set(key(r), { ...r });
      }
      return counts;
    },
    async weather(location: string, kind: WeatherKind, fromMs: number, toMs: number) {
      return [...rows.values()]
        .filter(
          (r) =>
            r.location === location && r.kind === kind && r.hourEnd > fromMs && r.hourEnd <= toMs,
        )
        .sort((a, b) => a.hourEnd - b.hourEnd || a.issuedAt - b.issuedAt);
    },
    async upsertSupplies(patches) {
      for (const p of patches) supplies.set(p.cups, mergeSupply(supplies.get(p.cups), p));
    },
    async listSupplies() {
      return [...supplies.values()];
    },
  };
}
