import { DAY_MS } from '../calendar/days.js';
import { HOUR_MS } from '../calendar/zone.js';
import { deriveRng } from '../random.js';
import { type SynthLocation } from './locations.js';

/**
 * Synthetic hourly weather for one location: a seasonal and a daily temperature cycle, a slow
 * synoptic anomaly, heat waves in summer and cold spells in winter, clouds that damp the daily
 * range and the sun, humidity falling as it warms, wind, and global horizontal radiation from the
 * sun's elevation (clear sky thinned by clouds, Kasten-Czeplak). Values are rounded the way the
 * files write them, so the load generator sees exactly what a model will read.
 */
export interface WeatherSeries {
  /** UTC ms of the end of hour 0; hour i ends at firstHourEnd + i h. */
  firstHourEnd: number;
  temperatureC: Float64Array;
  humidityPct: Float64Array;
  cloudPct: Float64Array;
  windMs: Float64Array;
  radiationWm2: Float64Array;
}

const YEAR_DAYS = 365.25;
const DEG = Math.PI / 180;

function dayOfYear(utcMs: number): number {
  const d = new Date(utcMs);
  return (utcMs - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS;
}

/**
 * Clear-sky global horizontal irradiance at an instant, W/m² (declination by Cooper's formula,
 * no equation of time; 1000 W/m² at zenith after a simple air-mass damping).
 * @example clearSkyWm2(40.42, -3.7, Date.UTC(2024, 5, 21, 12)) // about 900
 */
export function clearSkyWm2(latitude: number, longitude: number, utcMs: number): number {
  const doy = dayOfYear(utcMs);
  const declination = 23.44 * DEG * Math.sin((2 * Math.PI * (284 + doy)) / 365);
  const solarHours = (((utcMs / HOUR_MS + longitude / 15) % 24) + 24) % 24;
  const hourAngle = (solarHours - 12) * 15 * DEG;
  const lat = latitude * DEG;
  const sinElevation =
    Math.sin(lat) * Math.sin(declination) +
    Math.cos(lat) * Math.cos(declination) * Math.cos(hourAngle);
  return sinElevation <= 0 ? 0 : 1000 * sinElevation ** 1.15 * 0.78;
}

/** Radiation through clouds (Kasten-Czeplak 1980): clear × (1 - 0.75 (cloud/100)^3.4). */
export function cloudyRadiation(clear: number, cloudPct: number): number {
  return clear * (1 - 0.75 * (cloudPct / 100) ** 3.4);
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Heat waves (Jun–Aug) and cold spells (Dec–Feb) as an hourly temperature anomaly, °C. */
function extremeEvents(loc: SynthLocation, seed: number, firstHourEnd: number, hours: number) {
  const rng = deriveRng(seed, `extremes:${loc.key}`);
  const anomaly = new Float64Array(hours);
  const scale = loc.zone === 'Atlantic/Canary' ? 0.5 : 1;
  let busyUntil = 0;
  for (let h = 0; h < hours; h += 24) {
    if (h < busyUntil) continue;
    const month = new Date(firstHourEnd + h * HOUR_MS).getUTCMonth();
    const summer = month >= 5 && month <= 7;
    const winter = month === 11 || month <= 1;
    if (!(summer || winter) || rng.next() > 1 / 35) continue;
    const length = rng.int(3, 9) * 24;
    const magnitude = (summer ? 5 + 4 * rng.next() : -(4 + 4 * rng.next())) * scale;
    for (let k = 0; k < length && h + k < hours; k++) {
      anomaly[h + k] = magnitude * Math.sin((Math.PI * k) / length);
    }
    busyUntil = h + length + 7 * 24;
  }
  return anomaly;
}

/**
 * Generates observed weather for a location, one value per hour, deterministic per (seed, location).
 * @example generateWeather(LOCATIONS[0], 7, Date.UTC(2024, 0, 1), 24).temperatureC.length // 24
 */
export function generateWeather(
  loc: SynthLocation,
  seed: number,
  firstHourEnd: number,
  hours: number,
): WeatherSeries {
  const rng = deriveRng(seed, `weather:${loc.key}`);
  const events = extremeEvents(loc, seed, firstHourEnd, hours);
  const out: WeatherSeries = {
    firstHourEnd,
    temperatureC: new Float64Array(hours),
    humidityPct: new Float64Array(hours),
    cloudPct: new Float64Array(hours),
    windMs: new Float64Array(hours),
    radiationWm2: new Float64Array(hours),
  };
  const phiT = Math.exp(-1 / 72);
  const phiC = Math.exp(-1 / 18);
  const phiW = Math.exp(-1 / 12);
  let synoptic = rng.normal() * 2.5;
  let cloudLatent = rng.normal();
  let windLatent = rng.normal();
  for (let i = 0; i < hours; i++) {
    const mid = firstHourEnd + i * HOUR_MS - HOUR_MS / 2;
    synoptic = phiT * synoptic + 2.5 * Math.sqrt(1 - phiT * phiT) * rng.normal();
    cloudLatent = phiC * cloudLatent + Math.sqrt(1 - phiC * phiC) * rng.normal();
    windLatent = phiW * windLatent + Math.sqrt(1 - phiW * phiW) * rng.normal();
    const season = Math.cos((2 * Math.PI * (dayOfYear(mid) - 15)) / YEAR_DAYS); // 1 mid-January
    const cloud = clamp(
      100 / (1 + Math.exp(-(1.6 * cloudLatent + loc.cloudBias + 0.7 * season))),
      0,
      100,
    );
    const solarHours = (((mid / HOUR_MS + loc.longitude / 15) % 24) + 24) % 24;
    const daily = Math.cos((2 * Math.PI * (solarHours - 15)) / 24);
    const seasonal = loc.meanC - loc.seasonalAmpC * season;
    const dailyAmp = loc.dailyAmpC * (1 - 0.55 * (cloud / 100)) * (1 - 0.15 * season);
    const t = round1(seasonal + dailyAmp * daily + synoptic + (events[i] ?? 0));
    const cloudR = Math.round(cloud);
    out.temperatureC[i] = t;
    out.cloudPct[i] = cloudR;
    out.humidityPct[i] = Math.round(
      clamp(62 + loc.humidityBias + 0.25 * cloudR - 2.2 * (t - seasonal), 8, 100),
    );
    out.windMs[i] = round1(Math.max(0.2, 3 * Math.exp(0.45 * windLatent) + 0.8 * daily));
    out.radiationWm2[i] = Math.round(
      cloudyRadiation(clearSkyWm2(loc.latitude, loc.longitude, mid), cloudR),
    );
  }
  return out;
}
