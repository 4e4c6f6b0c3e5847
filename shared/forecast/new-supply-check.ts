import { weekdayOf } from '../calendar/days.js';
import { HOUR_MS, localDayOfHourEnd, MARKET_ZONE, toLocalFields } from '../calendar/zone.js';
import { type FeatureSupply } from '../features/build-features.js';
import { buildHistory } from '../features/history.js';
import { type GateCheck } from '../models/gate.js';
import { type LoadedModel } from '../registry/load-model.js';
import { forecastSupplyDays } from './supply-days.js';

/** A CUPS no supply has, for the supply the check invents. */
const NEW_CUPS = 'ES9999999999999999ZZ';

/**
 * The gate's new-supply scenario, through the production path (forecastSupplyDays): a supply with
 * no reading at all gets, every hour of `day`, its segment's weekly profile × the segment's median
 * level, flagged `new-supply`. `like` lends the new supply its zone, region and location.
 */
export function newSupplyCheck(model: LoadedModel, like: FeatureSupply, day: string): GateCheck {
  const supply: FeatureSupply = { ...like, history: buildHistory(NEW_CUPS, [], MARKET_ZONE) };
  const result = forecastSupplyDays({
    model,
    supplies: [supply],
    weather: [],
    day,
    runId: 'gate',
    issuedAt: 0,
  });
  const hours = result.days[0]?.hours ?? [];
  const name = 'new supply gets its segment profile';
  if (hours.length === 0) {
    return { name, passed: false, detail: result.unforecast[0]?.reason ?? 'no forecast' };
  }
  const segment = model.segments.segments[0];
  const centroid = model.segments.centroids[segment?.index ?? 0] ?? [];
  const level = segment?.defaultLevelWh ?? Number.NaN;
  const weekday = weekdayOf(day);
  const wrong = hours.filter((h) => {
    const localHour = toLocalFields(h.hourEnd - HOUR_MS, supply.zone).getUTCHours();
    const sameDay = localDayOfHourEnd(h.hourEnd, MARKET_ZONE) === day;
    const expected = (centroid[weekday * 24 + localHour] ?? Number.NaN) * level;
    const close = Math.abs(h.wh - expected) <= 0.05 + 1e-6 * expected; // false when NaN
    return !sameDay || h.fallback !== 'new-supply' || !close;
  });
  return {
    name,
    passed: wrong.length === 0,
    detail:
      wrong.length === 0
        ? `${hours.length} hours equal the profile × ${level.toFixed(1)} Wh, flagged new-supply`
        : `${wrong.length} of ${hours.length} hours differ from the profile × ${level.toFixed(1)} Wh or are not flagged new-supply`,
  };
}
