import { ChallengerLostError } from '../errors.js';
import { type BacktestReport } from './backtest.js';

/**
 * The accuracy gate: a challenger must beat the stronger of the two baselines on backtest WAPE by
 * at least `minSkill` (a fraction; 0 = merely beat it).
 * @throws ChallengerLostError with both WAPEs in its details when it does not
 */
export function assertBeatsBaselines(report: BacktestReport, minSkill = 0): void {
  const { model, seasonalNaive, persistence } = report.overall;
  const stronger = Math.min(seasonalNaive.wape, persistence.wape);
  const name = seasonalNaive.wape <= persistence.wape ? 'seasonal naive' : 'persistence ensemble';
  if (!(model.wape < stronger * (1 - minSkill))) {
    throw new ChallengerLostError(
      `Model WAPE ${model.wape.toFixed(4)} does not beat the ${name} baseline (${stronger.toFixed(4)}) by ${(minSkill * 100).toFixed(1)} %`,
      { details: { modelWape: model.wape, baselineWape: stronger, baseline: name, minSkill } },
    );
  }
}
