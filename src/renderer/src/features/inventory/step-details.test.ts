import type { FlowStep } from '../../../../shared/contract/inventory';
import { flattenCatalogue, translate, type CatalogueTree } from '../../i18n/catalogue';
import { en } from '../../i18n/en';
import { pl } from '../../i18n/pl';
import { describeDetails } from './step-details';

const enMap = flattenCatalogue(en as unknown as CatalogueTree);
const plMap = flattenCatalogue(pl);
const tEn = (k: string, p?: Record<string, string | number>) => translate('en', enMap, enMap, k, p);
const tPl = (k: string, p?: Record<string, string | number>) => translate('pl', plMap, enMap, k, p);

const step = (label: FlowStep['label'], details: FlowStep['details']): FlowStep => ({
  id: 'a',
  type: 'target-date',
  label,
  status: null,
  depth: 0,
  branch: null,
  details,
});

describe('a flow step’s details as readable lines', () => {
  it('names the fields, says what "profile" time zone means and leaves out what the title already says', () => {
    const s = step(
      { key: 'targetDateAt', params: { time: '10:30' } },
      { target_time: '10:30', timezone: 'profile', target_days: 'monday, friday' },
    );
    expect(describeDetails(s, tEn, 'en')).toEqual({
      lines: ['In each recipient’s own time zone', 'On: Monday, Friday'],
      flags: [],
    });
    expect(describeDetails(s, tPl, 'pl')).toEqual({
      lines: ['W strefie czasowej odbiorcy', 'W dni: poniedziałek, piątek'],
      flags: [],
    });
  });

  it('keeps a time the title lacks, a named time zone, unknown weekdays and unknown fields as given', () => {
    const s = step(
      { key: 'targetDate', params: {} },
      { target_time: '09:00', timezone: 'Europe/Warsaw', target_days: 'monday, someday', odd_field: 'x' },
    );
    expect(describeDetails(s, tEn, 'en').lines).toEqual([
      'At: 09:00',
      'Time zone: Europe/Warsaw',
      'On: Monday, someday',
      'odd field: x',
    ]);
  });

  it('turns subjects and previews into sentences, true flags into chips, and hides ids and raw units', () => {
    const s = step(
      { key: 'sendEmail', params: {} },
      {
        subject_line: 'Hi',
        preview_text: 'Open',
        smart_sending_enabled: true,
        add_tracking_params: false,
        messageId: 'm1',
        template_id: 't1',
        unit: 'days',
      },
    );
    expect(describeDetails(s, tEn, 'en')).toEqual({
      lines: ['Subject: Hi', 'Preview: Open'],
      flags: ['Smart sending'],
    });
  });
});
