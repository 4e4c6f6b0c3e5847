/**
 * Consumption archetypes of the synthetic fleet: a 24-hour shape per day type (weekday, Saturday,
 * Sunday/holiday; index = local hour the hour starts at), how strongly the load follows cold and
 * heat, the hourly noise and the log-normal spread of annual consumption.
 */
export const ARCHETYPES = [
  'household',
  'electric-heating',
  'air-conditioning',
  'shop',
  'office',
  'flat',
  'second-home',
] as const;
export type Archetype = (typeof ARCHETYPES)[number];

export interface ArchetypeSpec {
  /** Shapes for [weekday, Saturday, Sunday or holiday], 24 values each (relative). */
  shapes: readonly [readonly number[], readonly number[], readonly number[]];
  /** Extra load per °C below HEATING_BASE_C, as a fraction of the shape. */
  heatingPerC: number;
  /** Extra load per °C above COOLING_BASE_C, as a fraction of the shape. */
  coolingPerC: number;
  /** Sigma of the hourly multiplicative log-normal noise. */
  noiseSigma: number;
  /** Median annual consumption, kWh, and the log-normal sigma around it; clamped to [min, max]. */
  medianKwh: number;
  sigmaKwh: number;
  minKwh: number;
  maxKwh: number;
  tariff: string;
  /** Share of the fleet. */
  weight: number;
}

export const HEATING_BASE_C = 15;
export const COOLING_BASE_C = 22;

const HOME_WEEKDAY = [
  0.55, 0.45, 0.4, 0.38, 0.38, 0.42, 0.6, 0.95, 1.05, 0.85, 0.75, 0.75, 0.8, 0.9, 1.0, 0.85, 0.75,
  0.8, 0.95, 1.15, 1.45, 1.7, 1.5, 0.95,
];
const HOME_WEEKEND = [
  0.65, 0.5, 0.42, 0.38, 0.37, 0.38, 0.42, 0.5, 0.7, 0.95, 1.1, 1.1, 1.15, 1.25, 1.3, 1.0, 0.85,
  0.85, 0.95, 1.1, 1.4, 1.6, 1.45, 1.0,
];
const SHOP_OPEN = [
  0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.2, 0.6, 1.0, 1.0, 1.0, 1.0, 0.55, 0.5, 0.6, 1.1,
  1.1, 1.1, 1.1, 0.4, 0.15, 0.12,
];
const SHOP_SATURDAY = [
  0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.2, 0.6, 1.0, 1.0, 1.0, 1.0, 0.4, 0.2, 0.2, 0.5,
  0.5, 0.5, 0.4, 0.2, 0.12, 0.12,
];
const OFFICE_WEEKDAY = [
  0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.2, 0.45, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.85, 0.95, 0.95,
  0.95, 0.9, 0.5, 0.3, 0.2, 0.18, 0.15,
];
const OFFICE_SATURDAY = [
  0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.2, 0.35, 0.35, 0.35, 0.35, 0.3, 0.2, 0.15, 0.15,
  0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15,
];
const constant = (v: number): number[] => Array.from({ length: 24 }, () => v);

export const ARCHETYPE_SPECS: Readonly<Record<Archetype, ArchetypeSpec>> = {
  household: {
    shapes: [HOME_WEEKDAY, HOME_WEEKEND, HOME_WEEKEND],
    heatingPerC: 0.015,
    coolingPerC: 0.03,
    noiseSigma: 0.25,
    medianKwh: 3000,
    sigmaKwh: 0.3,
    minKwh: 1600,
    maxKwh: 5800,
    tariff: '2.0TD',
    weight: 0.42,
  },
  'electric-heating': {
    shapes: [HOME_WEEKDAY, HOME_WEEKEND, HOME_WEEKEND],
    heatingPerC: 0.16,
    coolingPerC: 0,
    noiseSigma: 0.2,
    medianKwh: 7000,
    sigmaKwh: 0.3,
    minKwh: 4000,
    maxKwh: 14000,
    tariff: '2.0TD',
    weight: 0.12,
  },
  'air-conditioning': {
    shapes: [HOME_WEEKDAY, HOME_WEEKEND, HOME_WEEKEND],
    heatingPerC: 0,
    coolingPerC: 0.18,
    noiseSigma: 0.2,
    medianKwh: 5000,
    sigmaKwh: 0.3,
    minKwh: 2800,
    maxKwh: 10000,
    tariff: '2.0TD',
    weight: 0.12,
  },
  shop: {
    shapes: [SHOP_OPEN, SHOP_SATURDAY, constant(0.12)],
    heatingPerC: 0.02,
    coolingPerC: 0.04,
    noiseSigma: 0.15,
    medianKwh: 18000,
    sigmaKwh: 0.4,
    minKwh: 6000,
    maxKwh: 60000,
    tariff: '3.0TD',
    weight: 0.1,
  },
  office: {
    shapes: [OFFICE_WEEKDAY, OFFICE_SATURDAY, constant(0.15)],
    heatingPerC: 0.02,
    coolingPerC: 0.05,
    noiseSigma: 0.12,
    medianKwh: 40000,
    sigmaKwh: 0.45,
    minKwh: 12000,
    maxKwh: 150000,
    tariff: '3.0TD',
    weight: 0.08,
  },
  flat: {
    shapes: [constant(1), constant(1), constant(1)],
    heatingPerC: 0,
    coolingPerC: 0,
    noiseSigma: 0.05,
    medianKwh: 25000,
    sigmaKwh: 0.5,
    minKwh: 5000,
    maxKwh: 120000,
    tariff: '3.0TD',
    weight: 0.06,
  },
  'second-home': {
    shapes: [HOME_WEEKEND, HOME_WEEKEND, HOME_WEEKEND],
    heatingPerC: 0.02,
    coolingPerC: 0.04,
    noiseSigma: 0.3,
    medianKwh: 1200,
    sigmaKwh: 0.35,
    minKwh: 500,
    maxKwh: 2800,
    tariff: '2.0TD',
    weight: 0.1,
  },
};

/** Hours the heating and cooling kick in most (relative weight by local hour). */
export const HEATING_HOURS = [
  0.6, 0.5, 0.5, 0.5, 0.5, 0.6, 1.0, 1.4, 1.3, 1.0, 0.8, 0.7, 0.7, 0.7, 0.8, 0.9, 1.0, 1.1, 1.3,
  1.4, 1.4, 1.3, 1.1, 0.8,
];
export const COOLING_HOURS = [
  0.6, 0.5, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 1.6, 1.6, 1.5, 1.4,
  1.3, 1.2, 1.1, 0.9, 0.7,
];
