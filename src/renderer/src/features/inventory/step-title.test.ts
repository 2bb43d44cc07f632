import { flowStepLabelKeys, type FlowStepLabel } from '../../../../shared/contract/inventory';
import { flattenCatalogue, translate, type CatalogueTree } from '../../i18n/catalogue';
import { en } from '../../i18n/en';
import { pl } from '../../i18n/pl';
import { stepTitle } from './step-title';

const enMap = flattenCatalogue(en as unknown as CatalogueTree);
const plMap = flattenCatalogue(pl);
const inEnglish = (l: FlowStepLabel, name?: string) =>
  stepTitle(l, (k, p) => translate('en', enMap, enMap, k, p), name);
const inPolish = (l: FlowStepLabel, name?: string) => stepTitle(l, (k, p) => translate('pl', plMap, enMap, k, p), name);
const l = (key: FlowStepLabel['key'], params: FlowStepLabel['params'] = {}): FlowStepLabel => ({ key, params });

// One label per key with the params the service fills; a Record so a new key without a sample fails to compile.
const samples: Record<FlowStepLabel['key'], FlowStepLabel['params']> = {
  triggerList: { id: 'L1' },
  triggerSegment: { id: 'S1' },
  triggerMetric: { id: 'M1' },
  triggerDate: { property: 'birthday' },
  triggerPriceDrop: {},
  triggerLowInventory: {},
  triggerOther: { type: 'back-in-stock' },
  delayMinutes: { count: 2 },
  delayHours: { count: 2 },
  delayDays: { count: 2 },
  delayOther: { value: '2', unit: 'fortnights' },
  countdownDays: { count: 2 },
  countdownWeeks: { count: 2 },
  countdownMonths: { count: 2 },
  countdownOther: { value: '1.5', unit: 'fortnights' },
  targetDate: {},
  targetDateAt: { time: '09:00' },
  backInStockDelay: {},
  sendEmail: {},
  sendEmailNamed: { name: 'N' },
  sendSms: {},
  sendSmsNamed: { name: 'N' },
  sendPush: {},
  sendPushNamed: { name: 'N' },
  sendWhatsApp: {},
  sendWhatsAppNamed: { name: 'N' },
  sendInternalAlert: {},
  sendInternalAlertNamed: { name: 'N' },
  webhook: {},
  conditionalSplit: {},
  triggerSplit: {},
  actionOutputSplit: {},
  multiBranchSplit: { count: 3 },
  multiBranchSplitNamed: { name: 'By region', count: 3 },
  code: {},
  internalService: {},
  abTest: {},
  updateProfile: {},
  updateList: {},
  other: { type: 'loyalty-points' },
};

describe('flow step titles', () => {
  it('has words for every step kind of the contract in both languages, with every placeholder filled', () => {
    for (const key of flowStepLabelKeys) {
      for (const [lang, format] of [
        ['en', inEnglish],
        ['pl', inPolish],
      ] as const) {
        const text = format(l(key, samples[key]));
        expect(text, `${lang} ${key}`).not.toMatch(/^flowSteps\.|[{}]/);
        const catalogue = lang === 'en' ? enMap : plMap;
        const own = [...catalogue.keys()].some(
          (k) => k.replace(/_(one|few|many|other)$/, '') === `flowSteps.step.${key}`,
        );
        expect(own, `${lang} has flowSteps.step.${key}`).toBe(true);
      }
    }
  });

  it('reads naturally in English, singular and plural', () => {
    expect(inEnglish(l('delayHours', { count: 1 }))).toBe('Wait 1 hour');
    expect(inEnglish(l('delayHours', { count: 4 }))).toBe('Wait 4 hours');
    expect(inEnglish(l('delayDays', { count: 1 }))).toBe('Wait 1 day');
    expect(inEnglish(l('delayDays', { count: 2 }))).toBe('Wait 2 days');
    expect(inEnglish(l('delayMinutes', { count: 30 }))).toBe('Wait 30 minutes');
    expect(inEnglish(l('delayOther', { value: '2', unit: 'fortnights' }))).toBe('Wait 2 fortnights');
    expect(inEnglish(l('sendEmailNamed', { name: 'Welcome 1' }))).toBe('Send email “Welcome 1”');
    expect(inEnglish(l('sendEmail'))).toBe('Send email');
    expect(inEnglish(l('sendPushNamed', { name: 'Back soon' }))).toBe('Send push notification “Back soon”');
    expect(inEnglish(l('conditionalSplit'))).toBe('Conditional split');
    expect(inEnglish(l('other', { type: 'loyalty-points' }))).toBe('Step “loyalty-points”');
    expect(inEnglish(l('countdownDays', { count: 1 }))).toBe('Wait until 1 day before the date');
    expect(inEnglish(l('countdownWeeks', { count: 2 }))).toBe('Wait until 2 weeks before the date');
    expect(inEnglish(l('multiBranchSplitNamed', { name: 'By region', count: 3 }))).toBe(
      'Split “By region” into 3 branches',
    );
    expect(inPolish(l('multiBranchSplit', { count: 1 }))).toBe('Podział na 1 gałąź');
    expect(inPolish(l('multiBranchSplit', { count: 3 }))).toBe('Podział na 3 gałęzie');
    expect(inPolish(l('multiBranchSplit', { count: 5 }))).toBe('Podział na 5 gałęzi');
    expect(inPolish(l('countdownMonths', { count: 2 }))).toBe('Czekaj do 2 miesięcy przed datą');
  });

  it('uses the Polish plural forms: one, few (2–4, 22–24), many (5–21, 25…) and other for fractions', () => {
    const hours = (count: number) => inPolish(l('delayHours', { count }));
    expect(hours(1)).toBe('Odczekaj 1 godzinę');
    expect(hours(2)).toBe('Odczekaj 2 godziny');
    expect(hours(4)).toBe('Odczekaj 4 godziny');
    expect(hours(5)).toBe('Odczekaj 5 godzin');
    expect(hours(12)).toBe('Odczekaj 12 godzin');
    expect(hours(22)).toBe('Odczekaj 22 godziny');
    expect(hours(1.5)).toBe('Odczekaj 1,5 godziny');
    const days = (count: number) => inPolish(l('delayDays', { count }));
    expect(days(1)).toBe('Odczekaj 1 dzień');
    expect(days(2)).toBe('Odczekaj 2 dni');
    expect(days(7)).toBe('Odczekaj 7 dni');
    const minutes = (count: number) => inPolish(l('delayMinutes', { count }));
    expect(minutes(1)).toBe('Odczekaj 1 minutę');
    expect(minutes(3)).toBe('Odczekaj 3 minuty');
    expect(minutes(15)).toBe('Odczekaj 15 minut');
    expect(inPolish(l('sendEmailNamed', { name: 'Powitanie 1' }))).toBe('Wyślij e-mail „Powitanie 1”');
    expect(inPolish(l('sendSms'))).toBe('Wyślij SMS');
    expect(inPolish(l('conditionalSplit'))).toBe('Podział warunkowy');
  });

  it('names a trigger’s list, segment or metric once found, and shows its id until then', () => {
    const metric = l('triggerMetric', { id: 'M1' });
    expect(inEnglish(metric)).toBe('Triggered by metric M1');
    expect(inEnglish(metric, 'Placed Order')).toBe('Triggered by metric “Placed Order”');
    expect(inPolish(metric, 'Placed Order')).toBe('Wyzwalane metryką „Placed Order”');
    expect(inPolish(l('triggerList', { id: 'L1' }), 'Newsletter')).toBe('Dodanie do listy „Newsletter”');
    // only list, segment and metric triggers have a source to name
    expect(inEnglish(l('triggerPriceDrop'), 'ignored')).toBe('Price drop');
  });
});
