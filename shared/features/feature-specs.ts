/**
 * Every feature the forecaster uses, with its meaning and the rule applied when its input is
 * missing. No feature is ever left NaN: it is imputed as stated, or (training only) the row is
 * dropped. A reading is "visible" to a target day D when its day is at most D − 2 (the newest day
 * complete at the origin, 11:00 on D − 1) and its file had arrived by D − 1 (the reading's first
 * generation date): a missing daily file hides its day until the monthly one brings it.
 * "Rel" features are divided by levelWh, so one forest serves supplies of any size.
 */
export interface FeatureSpec {
  name: string;
  description: string;
  missing: string;
}

export const FEATURE_SPECS: readonly FeatureSpec[] = [
  {
    name: 'localHour',
    description: 'Local start hour 0..23 in the supply zone (DST-aware)',
    missing: 'never missing',
  },
  {
    name: 'weekday',
    description: 'Day of week of the target day, Monday = 0',
    missing: 'never missing',
  },
  {
    name: 'isHoliday',
    description: '1 on a public holiday of the supply region (national when unknown)',
    missing: 'never missing',
  },
  {
    name: 'isBridge',
    description: '1 on a bridge day between a holiday and a weekend',
    missing: 'never missing',
  },
  {
    name: 'doySin',
    description: 'sin(2π·dayOfYear/365.25) of the target day',
    missing: 'never missing',
  },
  {
    name: 'doyCos',
    description: 'cos(2π·dayOfYear/365.25) of the target day',
    missing: 'never missing',
  },
  {
    name: 'temperatureC',
    description: 'Air temperature at the hour: forecast issued ≤ origin (training: else observed)',
    missing: 'impute climateNormalC(day of year, hour); weatherImputed = 1',
  },
  {
    name: 'tempDayMeanC',
    description: 'Mean temperature over the target day hours',
    missing: 'mean of the hourly values after imputation',
  },
  {
    name: 'tempDeltaC',
    description: 'tempDayMeanC minus the mean temperature of the 7 visible days (observed)',
    missing: 'impute 0 when there is no past weather',
  },
  { name: 'cloudPct', description: 'Cloud cover at the hour, %', missing: 'impute 50' },
  {
    name: 'weatherImputed',
    description: '1 when the temperature was imputed',
    missing: 'never missing',
  },
  {
    name: 'historyDays',
    description: 'Visible days among the last 7 with at least one reading',
    missing: 'never missing (0..7)',
  },
  {
    name: 'lagWeekRel',
    description: 'Same local hour one week before the target (seasonal naive) / level',
    missing: 'impute sameHourMean7Rel',
  },
  {
    name: 'lagLastDayRel',
    description: 'Same local hour on the last visible day / level',
    missing: 'impute sameHourMean7Rel',
  },
  {
    name: 'sameHourMean7Rel',
    description:
      'Mean of the same local hour over the last 7 visible days (persistence ensemble) / level',
    missing: 'impute 1 (the level)',
  },
  {
    name: 'sameHourMedian7Rel',
    description: 'Median of the same local hour over the last 7 visible days / level',
    missing: 'impute sameHourMean7Rel',
  },
  {
    name: 'weekdayHourMean4Rel',
    description:
      'Mean of the same local hour on the same weekday of the last 4 weeks (D−7…D−28) / level',
    missing: 'impute sameHourMean7Rel',
  },
  {
    name: 'sameHourMean28Rel',
    description: 'Mean of the same local hour over the last 28 visible days / level',
    missing: 'impute sameHourMean7Rel',
  },
  {
    name: 'sameHourMedian14Rel',
    description: 'Median of the same local hour over the last 14 visible days / level',
    missing: 'impute sameHourMedian7Rel',
  },
  {
    name: 'sameHourMedian28Rel',
    description: 'Median of the same local hour over the last 28 visible days / level',
    missing: 'impute sameHourMedian7Rel',
  },
  {
    name: 'sameHourQ25of28Rel',
    description:
      'First quartile (numpy linear) of the same local hour over 28 visible days / level',
    missing: 'impute sameHourMedian28Rel',
  },
  {
    name: 'sameHourQ75of28Rel',
    description:
      'Third quartile (numpy linear) of the same local hour over 28 visible days / level',
    missing: 'impute sameHourMedian28Rel',
  },
  {
    name: 'dayTypeHourMedian28Rel',
    description:
      'Median of the same local hour over the visible days of the last 28 of the same type as the target (working, or weekend and holiday) / level',
    missing: 'impute sameHourMedian28Rel',
  },
  {
    name: 'neighbourHourMedian28Rel',
    description:
      'Median of the same local hour and its two neighbours over the last 28 visible days / level',
    missing: 'impute sameHourMedian28Rel',
  },
  {
    name: 'lastDayMeanRel',
    description: 'Mean hourly Wh of the last visible day / level',
    missing: 'impute 1 (the level)',
  },
];

/**
 * The level every "Rel" feature and the target are divided by (kept beside the matrix, not a
 * column: as a column it identifies supplies and over-fits): mean hourly Wh over the last 7
 * visible days; missing → the last 28 visible days; then the row is dropped (training) or
 * defaultLevelWh is used (prediction). Floored at 1 Wh.
 */
export const LEVEL_RULE = 'mean hourly Wh of the last 7 visible days (28 as fallback), floor 1 Wh';

/** Feature (matrix column) names, in order. */
export const FEATURE_NAMES: readonly string[] = FEATURE_SPECS.map((spec) => spec.name);
