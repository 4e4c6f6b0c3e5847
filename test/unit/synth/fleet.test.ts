import { describe, expect, it } from 'vitest';
import { regionOfProvince } from '../../../shared/calendar/provinces.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { checkCups } from '../../../shared/f5d/cups.js';
import { zoneForCups } from '../../../shared/f5d/supply-zone.js';
import { assignChanges, parseChangesSpec } from '../../../shared/synth/changes.js';
import { buildFleet } from '../../../shared/synth/fleet.js';
import { LOCATIONS } from '../../../shared/synth/locations.js';

describe('buildFleet', () => {
  const fleet = buildFleet(400, 3);

  it('gives every supply a valid, unique CUPS', () => {
    expect(fleet.map((s) => checkCups(s.cups)).filter((p) => p !== undefined)).toEqual([]);
    expect(fleet.map((s) => checkCups(s.fileCups)).filter((p) => p !== undefined)).toEqual([]);
    expect(new Set(fleet.map((s) => s.cups)).size).toBe(fleet.length);
  });

  it('places Canary supplies in Atlantic/Canary and the parser agrees from their CUPS', () => {
    const canary = fleet.filter((s) => s.location.zone === 'Atlantic/Canary');

    expect(canary.length).toBeGreaterThanOrEqual(20);
    for (const s of fleet) expect(zoneForCups(s.cups)).toBe(s.location.zone);
    for (const s of canary) expect(s.cups.startsWith('ES00316')).toBe(true);
  });

  it('uses several distributors, each serving the supply location', () => {
    expect(new Set(fleet.map((s) => s.distributor)).size).toBeGreaterThanOrEqual(4);
    for (const s of fleet) {
      expect(s.cups.slice(2, 6)).toBe(s.distributor);
      expect(s.location.distributors).toContain(s.distributor);
    }
  });

  it('is the same fleet for the same seed', () => {
    expect(buildFleet(50, 3).map((s) => s.cups)).toEqual(fleet.slice(0, 50).map((s) => s.cups));
    expect(buildFleet(50, 4).map((s) => s.cups)).not.toEqual(fleet.slice(0, 50).map((s) => s.cups));
  });
});

describe('LOCATIONS', () => {
  it('maps every province code to the region whose holidays it uses', () => {
    for (const loc of LOCATIONS) expect(regionOfProvince(loc.provinceCode)).toBe(loc.region);
  });
});

describe('parseChangesSpec', () => {
  it('reads kinds, fractions and dates', () => {
    expect(parseChangesSpec('solar:0.1@2024-06-01, ev:0.05@2024-09-01')).toEqual([
      { kind: 'solar', fraction: 0.1, from: '2024-06-01' },
      { kind: 'ev', fraction: 0.05, from: '2024-09-01' },
    ]);
    expect(parseChangesSpec('')).toEqual([]);
  });

  it.each([
    ['solar0.1@2024-06-01', 'must look like'],
    ['wind:0.1@2024-06-01', 'kind must be one of'],
    ['ev:1.5@2024-06-01', 'between 0 and 1'],
    ['ev:0.1@2024-13-45', 'is not a date'],
  ])('refuses "%s"', (spec, message) => {
    expect(() => parseChangesSpec(spec)).toThrow(InvalidInputError);
    expect(() => parseChangesSpec(spec)).toThrow(message);
  });
});

describe('assignChanges', () => {
  it('gives each change its fraction of distinct supplies', () => {
    const fleet = buildFleet(100, 1);
    const events = assignChanges(
      fleet,
      parseChangesSpec('solar:0.1@2024-06-01,ev:0.05@2024-09-01'),
      1,
    );

    expect(events.filter((e) => e.kind === 'solar')).toHaveLength(10);
    expect(events.filter((e) => e.kind === 'ev')).toHaveLength(5);
    expect(new Set(events.map((e) => e.cups)).size).toBe(15);
    for (const e of events.filter((x) => x.kind === 'solar')) {
      expect(e.params.kWp).toBeGreaterThan(0);
    }
  });
});
