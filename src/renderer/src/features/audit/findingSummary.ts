import type { SummaryTemplates } from '../../../../shared/audit/render';
import { findingSentence } from '../../../../shared/audit/resource-words';
import { summariesEn } from '../../../../shared/audit/summaries.en';
import { summariesPl } from '../../../../shared/audit/summaries.pl';
import type { Finding } from '../../../../shared/contract/audit';
import type { Locale } from '../../i18n';
import { isolateDirection, showControls } from '../../../../shared/text';

// Imported by the Audit tab alone, so the sentences load with its lazy chunk, not with the app.
const templates: Record<Locale, SummaryTemplates> = { en: summariesEn, pl: summariesPl };

/**
 * A finding's one-line summary in the locale, written from its message; the service's English `summary` when
 * this build has no sentence for the key (a newer service, or an audit stored before findings had messages).
 */
export function findingSummary(locale: Locale, f: Pick<Finding, 'message' | 'summary'>): string {
  // Klaviyo's names inside the sentence are their own direction runs, so a bidi override cannot reorder it
  const params = Object.fromEntries(
    Object.entries(f.message.params).map(([k, v]) => [
      k,
      typeof v === 'string' ? isolateDirection(showControls(v)) : v,
    ]),
  );
  return findingSentence(templates[locale], { ...f.message, params }, locale) ?? f.summary;
}
