import type { FlowStep } from '../../../../shared/contract/inventory';
import { labelOf } from '../../i18n/catalogue';
import type { Translate } from '../../i18n/format';

const hiddenDetail = /(^id$|_id$|Id$|^type$|^value$|^unit$)/;

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Klaviyo's English weekday names ("monday, friday") in the user's language; unknown words stay as they are. */
function localWeekdays(list: string, locale: string): string {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  return list
    .split(/,\s*/)
    .map((d) => {
      const i = weekdays.indexOf(d.toLowerCase());
      // 2024-01-01 was a Monday
      return i < 0 ? d : format.format(Date.UTC(2024, 0, 1 + i));
    })
    .join(', ');
}

/** Turns a step's raw details into a few readable lines (subject, preview) and flags; ids stay in the raw view. */
export function describeDetails(step: FlowStep, t: Translate, locale: string) {
  const lines: string[] = [];
  const flags: string[] = [];
  for (const [k, v] of Object.entries(step.details)) {
    if (v === null || v === '' || hiddenDetail.test(k)) continue;
    // already in the step's title
    if (k === 'target_time' && step.label.params.time !== undefined) continue;
    if (k === 'timezone' && v === 'profile') lines.push(t('flowSteps.detail.timezoneProfile'));
    else if (k === 'target_days')
      lines.push(`${t('flowSteps.detail.target_days')}: ${localWeekdays(String(v), locale)}`);
    else if (k === 'subject_line' || k === 'subject') lines.push(t('flowSteps.subject', { subject: String(v) }));
    else if (k === 'preview_text') lines.push(t('flowSteps.preview', { text: String(v) }));
    else if (typeof v === 'boolean') {
      if (v) flags.push(labelOf(t, 'flowSteps.flag', k));
    } else lines.push(`${labelOf(t, 'flowSteps.detail', k)}: ${String(v)}`);
  }
  return { lines, flags };
}
