import { type Region } from '../calendar/provinces.js';

/** The zones of the synthetic places: the peninsula and the Canary Islands. */
export const SYNTH_ZONES = ['Europe/Madrid', 'Atlantic/Canary'] as const;
export type SynthZone = (typeof SYNTH_ZONES)[number];

/**
 * The Spanish places the synthetic fleet lives in: a province capital each, with the climate
 * figures the weather generator needs and the distributors that serve it. Climate numbers are
 * rounded normals (annual mean, half the January-July swing, half the typical daily range).
 */
export interface SynthLocation {
  /** Weather location key, `lat,lon` with two decimals (the same key supplies carry). */
  key: string;
  name: string;
  /** INE province code, two digits. */
  provinceCode: string;
  /** Autonomous community (ISO 3166-2:ES code), for regional holidays. */
  region: Region;
  latitude: number;
  longitude: number;
  zone: SynthZone;
  meanC: number;
  seasonalAmpC: number;
  dailyAmpC: number;
  /** Shift of the cloud logit: negative = sunnier. */
  cloudBias: number;
  /** Relative humidity offset, %: coastal places are damper. */
  humidityBias: number;
  /** Distributor codes (4 digits) serving the place, most common first. */
  distributors: readonly string[];
}

type Row = [string, string, Region, number, number, number, number, number, number, number, string];

// name, province, region, lat, lon, mean, seasonal amp, daily amp, cloud bias, humidity bias, distributors
const ROWS: readonly Row[] = [
  ['Madrid', '28', 'MD', 40.42, -3.7, 15.0, 9.5, 6.0, -0.6, -8, '0021 0022'],
  ['Barcelona', '08', 'CT', 41.39, 2.17, 16.5, 7.5, 3.5, -0.4, 8, '0031'],
  ['Valencia', '46', 'VC', 39.47, -0.38, 18.0, 7.0, 4.0, -0.7, 8, '0021'],
  ['Sevilla', '41', 'AN', 37.39, -5.98, 19.5, 8.5, 7.0, -1.0, -5, '0031'],
  ['Zaragoza', '50', 'AR', 41.65, -0.88, 15.5, 9.0, 5.5, -0.5, -6, '0031'],
  ['Malaga', '29', 'AN', 36.72, -4.42, 19.0, 6.5, 4.0, -1.0, 5, '0031'],
  ['Murcia', '30', 'MC', 37.99, -1.13, 18.5, 8.0, 6.0, -1.1, -4, '0021'],
  ['Palma', '07', 'IB', 39.57, 2.65, 17.5, 7.0, 4.5, -0.7, 8, '0031'],
  ['Bilbao', '48', 'PV', 43.26, -2.93, 14.5, 5.5, 4.0, 0.3, 10, '0021'],
  ['Valladolid', '47', 'CL', 41.65, -4.72, 12.5, 8.5, 7.0, -0.3, -4, '0021'],
  ['A Coruna', '15', 'GA', 43.36, -8.41, 14.5, 4.5, 3.0, 0.4, 12, '0022'],
  ['Oviedo', '33', 'AS', 43.36, -5.85, 13.0, 5.0, 4.0, 0.5, 10, '0027'],
  ['Santander', '39', 'CB', 43.46, -3.81, 14.5, 5.0, 3.5, 0.4, 10, '0026'],
  ['Pamplona', '31', 'NC', 42.81, -1.64, 12.5, 8.0, 6.0, 0.0, 0, '0021'],
  ['Toledo', '45', 'CM', 39.86, -4.02, 16.0, 9.5, 7.0, -0.8, -8, '0021 0031'],
  ['Badajoz', '06', 'EX', 38.88, -6.97, 17.0, 8.5, 7.5, -0.8, -5, '0031'],
  ['Granada', '18', 'AN', 37.18, -3.6, 15.5, 9.5, 8.0, -0.8, -8, '0031'],
  ['Logrono', '26', 'RI', 42.47, -2.45, 13.5, 8.0, 6.0, -0.1, 0, '0021'],
  ['Alicante', '03', 'VC', 38.35, -0.48, 18.5, 6.5, 4.5, -1.0, 6, '0021'],
  ['Lugo', '27', 'GA', 43.01, -7.56, 12.0, 6.0, 6.0, 0.5, 8, '0022'],
  ['Las Palmas de Gran Canaria', '35', 'CN', 28.12, -15.43, 21.5, 3.0, 3.0, -0.2, 10, '0031'],
  ['Santa Cruz de Tenerife', '38', 'CN', 28.47, -16.25, 21.0, 3.5, 3.0, -0.3, 8, '0031'],
];

/** Formats a location key: latitude and longitude with two decimals, e.g. "40.42,-3.70". */
export function locationKey(latitude: number, longitude: number): string {
  return `${latitude.toFixed(2)},${longitude.toFixed(2)}`;
}

/** The fixed list of synthetic locations (Canary ones last). */
export const LOCATIONS: readonly SynthLocation[] = ROWS.map(
  ([name, provinceCode, region, lat, lon, meanC, seasonalAmpC, dailyAmpC, cloud, hum, d]) => ({
    key: locationKey(lat, lon),
    name,
    provinceCode,
    region,
    latitude: lat,
    longitude: lon,
    zone: region === 'CN' ? 'Atlantic/Canary' : 'Europe/Madrid',
    meanC,
    seasonalAmpC,
    dailyAmpC,
    cloudBias: cloud,
    humidityBias: hum,
    distributors: d.split(' '),
  }),
);
