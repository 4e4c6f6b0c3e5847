/**
 * Accuracy rules over scored days: WAPE above a limit for N consecutive days, and skill against
 * the strongest baseline below a limit for N consecutive days.
 */
import { type Firing, type RuleEvaluation } from '../firing.js';
import { lastConsecutive, show } from './days.js';

export const WAPE_RULE = 'wape-high';
export const SKILL_RULE = 'skill-low';

/** One scored day of one subject (fleet, segment, stage…). */
export interface DailyScore {
  /** Europe/Madrid day, YYYY-MM-DD. */
  date: string;
  /** The model's WAPE that day, %. */
  wapePct: number;
  /** Each baseline's WAPE on the same rows, %, by name (e.g. seasonal-naive, last-week-mean). */
  baselineWapePct: Readonly<Record<string, number>>;
}

export interface ScoredSeries {
  subject: string;
  days: readonly DailyScore[];
}

/**
 * WAPE above `limitPct` on each of the last `days` consecutive scored days. Severity critical
 * when the latest day is at least twice the limit, else warning.
 */
export function evaluateWapeRule(
  series: readonly ScoredSeries[],
  limits: { wapeLimitPct: number; wapeDays: number },
): RuleEvaluation {
  const firings: Firing[] = [];
  for (const { subject, days } of series) {
    const run = lastConsecutive(days, limits.wapeDays);
    if (!run?.days.every((d) => d.wapePct > limits.wapeLimitPct)) continue;
    const latest = run.last;
    firings.push({
      ruleId: WAPE_RULE,
      subject,
      severity: latest.wapePct >= 2 * limits.wapeLimitPct ? 'critical' : 'warning',
      summary: `WAPE ${show(latest.wapePct)} % above ${show(limits.wapeLimitPct)} % for ${run.days.length} days`,
      details: `WAPE by day: ${run.days.map((d) => `${d.date} ${show(d.wapePct)} %`).join(', ')}`,
      values: {
        wapePct: latest.wapePct,
        limitPct: limits.wapeLimitPct,
        days: run.days.length,
        from: run.first.date,
        to: latest.date,
      },
    });
  }
  return { ruleId: WAPE_RULE, firings };
}

/** Skill = 1 − WAPE / WAPE of the strongest (lowest-WAPE) baseline; undefined without one. */
export function skillOf(day: DailyScore): { skill: number; baseline: string } | undefined {
  const [baseline, wape] =
    Object.entries(day.baselineWapePct)
      .filter(([, w]) => w > 0)
      .sort((a, b) => a[1] - b[1])[0] ?? [];
  if (baseline === undefined || wape === undefined) return undefined;
  return { skill: 1 - day.wapePct / wape, baseline };
}

/**
 * Skill against the strongest baseline below `skillMin` on each of the last `skillDays`
 * consecutive scored days (days without a baseline do not count). Severity critical when the
 * latest skill is 0.1 or more below the limit, else warning.
 */
export function evaluateSkillRule(
  series: readonly ScoredSeries[],
  limits: { skillMin: number; skillDays: number },
): RuleEvaluation {
  const firings: Firing[] = [];
  for (const { subject, days } of series) {
    const scored = days.flatMap((d) => {
      const s = skillOf(d);
      return s ? [{ ...s, date: d.date, wapePct: d.wapePct }] : [];
    });
    const run = lastConsecutive(scored, limits.skillDays);
    if (!run?.days.every((d) => d.skill < limits.skillMin)) continue;
    const latest = run.last;
    firings.push({
      ruleId: SKILL_RULE,
      subject,
      severity: latest.skill <= limits.skillMin - 0.1 ? 'critical' : 'warning',
      summary: `skill ${latest.skill.toFixed(3)} against ${latest.baseline} below ${limits.skillMin} for ${run.days.length} days`,
      details: `Skill by day: ${run.days.map((d) => `${d.date} ${d.skill.toFixed(3)} (${d.baseline})`).join(', ')}`,
      values: {
        skill: latest.skill,
        baseline: latest.baseline,
        skillMin: limits.skillMin,
        days: run.days.length,
        from: run.first.date,
        to: latest.date,
      },
    });
  }
  return { ruleId: SKILL_RULE, firings };
}
