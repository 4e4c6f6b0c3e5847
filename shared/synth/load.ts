import { HOUR_MS, localDayBoundsUtc } from '../calendar/zone.js';
import { deriveRng, type Rng } from '../random.js';
import {
  ARCHETYPE_SPECS,
  COOLING_BASE_C,
  COOLING_HOURS,
  HEATING_BASE_C,
  HEATING_HOURS,
} from './archetypes.js';
import { type HourCalendar, SATURDAY, SUNDAY_OR_HOLIDAY } from './calendar.js';
import { type ChangeEvent } from './changes.js';
import { type SynthSupply } from './fleet.js';
import { type WeatherSeries } from './weather.js';

/** The true hourly series of one supply: import and (with solar) export, Wh; -1 = not metered. */
export interface SupplyLoad {
  importWh: Int32Array;
  exportWh: Int32Array | null;
}

const HOURS_PER_YEAR = 8766;

/** Which days a second home is occupied (holiday periods, some weekends) or a household away. */
function presence(supply: SynthSupply, cal: HourCalendar, rng: Rng): Uint8Array {
  const days = (cal.dayIndex[cal.dayIndex.length - 1] ?? 0) + 1;
  const present = new Uint8Array(days).fill(1);
  const awayStart = rng.int(1, 17);
  const takesAugustOff = rng.next() < 0.4;
  for (let i = 0; i < cal.dayIndex.length; i += 1) {
    const d = cal.dayIndex[i]!;
    if (i > 0 && cal.dayIndex[i - 1] === d) continue; // first hour of each day only
    const u = rng.next();
    if (supply.archetype === 'second-home') {
      const weekend = cal.dayType[i] !== 0;
      const p = cal.month[i] === 8 ? 0.85 : cal.holidayPeriod[i] ? 0.6 : weekend ? 0.18 : 0.03;
      present[d] = u < p ? 1 : 0;
    } else if (supply.archetype !== 'flat' && supply.archetype !== 'office' && takesAugustOff) {
      // Shops and homes close for two weeks in August; offices and flat loads keep going.
      const dom = cal.dayOfMonth[i]!;
      present[d] = cal.month[i] === 8 && dom >= awayStart && dom < awayStart + 14 ? 0 : 1;
    }
  }
  return present;
}

/** UTC ms of the local midnight starting a change's day in the supply's zone. */
function changeStart(supply: SynthSupply, change: ChangeEvent): number {
  return localDayBoundsUtc(change.from, supply.location.zone)[0];
}

/** Applies behaviour changes in place (solar nets against import, EV adds night charging). */
function applyChanges(
  supply: SynthSupply,
  load: SupplyLoad,
  changes: readonly ChangeEvent[],
  weather: WeatherSeries,
  cal: HourCalendar,
  rng: Rng,
): void {
  for (const change of changes) {
    const from = Math.max(0, (changeStart(supply, change) - weather.firstHourEnd) / HOUR_MS + 1);
    const wh = load.importWh;
    if (change.kind === 'solar') {
      const exp = new Int32Array(wh.length).fill(-1);
      const kWp = change.params.kWp ?? 3;
      for (let i = from; i < wh.length; i++) {
        // Wh in one hour = kWp × irradiance W/m² / 1000 W/m² × 1000 Wh/kWh × performance ratio.
        const pv = kWp * weather.radiationWm2[i]! * 0.82;
        const net = wh[i]! - pv;
        wh[i] = net > 0 ? Math.round(net) : 0;
        exp[i] = net < 0 ? Math.round(-net) : 0;
      }
      load.exportWh = exp;
    } else if (change.kind === 'ev') {
      const kw = change.params.chargeKw ?? 3.7;
      const p = (change.params.nightsPerWeek ?? 3) / 7;
      let left = 0;
      for (let i = from; i < wh.length; i++) {
        if (cal.localHour[i] === 0) left = rng.next() < p ? rng.int(1, 4) : 0;
        if (left > 0 && cal.localHour[i]! >= 1) {
          wh[i] = wh[i]! + Math.round(kw * 1000 * (0.85 + 0.15 * rng.next()));
          left--;
        }
      }
    } else {
      const share = change.params.residualShare ?? 0.05;
      for (let i = from; i < wh.length; i++) {
        wh[i] = rng.next() < 0.3 ? 0 : Math.round(wh[i]! * share * (0.6 + 0.8 * rng.next()));
      }
    }
  }
}

/**
 * Generates the true hourly consumption of one supply over the weather series' hours: archetype
 * shape by local hour and day type, heating and cooling driven by the location's temperature,
 * log-normal day and hour noise, scaled to the supply's annual kWh, then its changes applied.
 */
export function generateSupplyLoad(
  supply: SynthSupply,
  weather: WeatherSeries,
  cal: HourCalendar,
  changes: readonly ChangeEvent[],
  seed: number,
): SupplyLoad {
  const rng = deriveRng(seed, `load:${supply.cups}`);
  const spec = ARCHETYPE_SPECS[supply.archetype];
  const hours = weather.temperatureC.length;
  const heating = spec.heatingPerC * (0.7 + 0.6 * rng.next());
  const cooling = spec.coolingPerC * (0.7 + 0.6 * rng.next());
  const shift = rng.int(-1, 1);
  const present = presence(supply, cal, rng);
  const sigma = spec.noiseSigma;
  const raw = new Float64Array(hours);
  let dayFactor = 1;
  let sum = 0;
  for (let i = 0; i < hours; i++) {
    const d = cal.dayIndex[i]!;
    if (i === 0 || cal.dayIndex[i - 1] !== d) dayFactor = Math.exp(0.08 * rng.normal());
    const h = (cal.localHour[i]! + shift + 24) % 24;
    const noise = Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
    if (present[d] === 0) {
      // Empty: fridge and standby only, with hours at zero.
      raw[i] = rng.next() < 0.35 ? 0 : 0.07 * noise;
    } else {
      const dt = cal.dayType[i]!;
      const shape = spec.shapes[dt === SUNDAY_OR_HOLIDAY ? 2 : dt === SATURDAY ? 1 : 0][h]!;
      const t = weather.temperatureC[i]!;
      const heat = t < HEATING_BASE_C ? heating * (HEATING_BASE_C - t) * HEATING_HOURS[h]! : 0;
      const cool = t > COOLING_BASE_C ? cooling * (t - COOLING_BASE_C) * COOLING_HOURS[h]! : 0;
      raw[i] = shape * (1 + heat + cool) * dayFactor * noise;
    }
    sum += raw[i]!;
  }
  const scale = sum > 0 ? (supply.annualKwh * 1000 * hours) / HOURS_PER_YEAR / sum : 0;
  const importWh = new Int32Array(hours);
  for (let i = 0; i < hours; i++) {
    importWh[i] = rng.next() < 0.001 ? 0 : Math.round(raw[i]! * scale);
  }
  const load: SupplyLoad = { importWh, exportWh: null };
  applyChanges(supply, load, changes, weather, cal, rng);
  return load;
}
