import { AppError } from '../../../shared/errors';
import type { ManualAnswersInput } from './ports';

const RATE_NAMES = { mobileSubmitRate: 'mobile', desktopSubmitRate: 'desktop' } as const;

/**
 * A form's submit rate is a share of its views: a strategist types it as a percentage, so 150 % is a typing
 * mistake to refuse (naming the field and what was given), never to clip to 100 % and save as if meant.
 */
export function checkManualRates(answers: ManualAnswersInput): void {
  for (const field of Object.keys(RATE_NAMES) as (keyof typeof RATE_NAMES)[]) {
    const value = answers[field];
    if (value === undefined || (value >= 0 && value <= 1)) continue;
    const percent = Math.round(value * 1000) / 10;
    throw new AppError(
      'validation',
      `The ${RATE_NAMES[field]} form submit rate must be a percentage from 0 to 100; ${percent} % was given. Nothing was saved.`,
      { details: { field, value } },
    );
  }
}
