import { HOUR_MS } from '../calendar/zone.js';
import { InvalidInputError } from '../errors.js';
import { type Supply } from '../types.js';
import { type FleetData } from './fleet-data.js';

/**
 * The store's record of synthetic supply `i`: its zone, location and province, a 2.0TD tariff, and
 * the fleet's whole span as the span of its readings (what ingesting the fleet's files records).
 */
export function synthSupplyRecord(data: FleetData, i: number): Supply {
  const s = data.fleet[i];
  if (s === undefined) throw new InvalidInputError(`The fleet has no supply ${i}`);
  return {
    cups: s.cups,
    zone: s.location.zone,
    firstReading: data.firstHourEnd,
    lastReading: data.firstHourEnd + (data.hours - 1) * HOUR_MS,
    location: s.location.key,
    latitude: s.location.latitude,
    longitude: s.location.longitude,
    province: s.location.provinceCode,
    tariff: '2.0TD',
    segment: null,
    active: true,
  };
}
