import { renderSummary, type SummaryMessage, type SummaryParams, type SummaryTemplates } from './render';

/**
 * What the audit calls the data it reads (`flowActions`, `forms`…), in words for a sentence. Messages carry the
 * keys, so a stored finding can be written again in another language; this turns the `resources` param, a
 * comma-separated list of keys, into words just before a sentence is written. A key without words stays as sent.
 */
export const resourceWords = {
  en: {
    account: 'account',
    flows: 'flows',
    flowActions: 'flow actions',
    campaigns: 'campaigns',
    lists: 'lists',
    segments: 'segments',
    forms: 'sign-up forms',
    metrics: 'metrics',
    tags: 'tags',
  },
  pl: {
    account: 'konto',
    flows: 'flow',
    flowActions: 'akcje flow',
    campaigns: 'kampanie',
    lists: 'listy',
    segments: 'segmenty',
    forms: 'formularze zapisu',
    metrics: 'metryki',
    tags: 'tagi',
  },
} as const satisfies Record<string, Record<string, string>>;

export function withResourceWords(params: SummaryParams, locale: keyof typeof resourceWords): SummaryParams {
  const list = params.resources;
  if (typeof list !== 'string') return params;
  const words: Record<string, string> = resourceWords[locale];
  return {
    ...params,
    resources: list
      .split(', ')
      .map((k) => (Object.hasOwn(words, k) ? words[k]! : k))
      .join(', '),
  };
}

/** A finding's sentence in the templates' language, with the data it names in that language's words. */
export function findingSentence(
  templates: SummaryTemplates,
  message: SummaryMessage,
  locale: keyof typeof resourceWords,
): string | null {
  return renderSummary(templates, message.key, withResourceWords(message.params, locale), locale);
}
