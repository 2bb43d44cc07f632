import type { PolishKeysOf } from '../audit/render';
import type { changesEn, typeWordsEn, unitWordsEn } from './messages.en';

type PolishKey = PolishKeysOf<typeof changesEn>;

/**
 * The Polish sentence of every change (see messages.en.ts), typed by the English keys so none can be missing.
 * Sentences lead with the verb ("Dodano: …") so the kind of item never has to agree with it in gender.
 */
export const changesPl: Record<PolishKey, string> = {
  added: 'Dodano: {type} ‘{name}’',
  removed: 'Usunięto: {type} ‘{name}’',
  status: '{name}: {from} → {to}',
  renamed: '{type} ‘{from}’ – nowa nazwa: ‘{to}’',
  archived: 'Zarchiwizowano: {type} ‘{name}’',
  unarchived: 'Przywrócono z archiwum: {type} ‘{name}’',
  audience: '{type} ‘{name}’: odbiorcy {delta}',
  excluded: '{type} ‘{name}’: wykluczeni {delta}',
  tags: '{type} ‘{name}’: tagi {delta}',
  subject: '{name}: zmieniono temat',
  profileCount_one: '{type} ‘{name}’: {from} → {to} profil',
  profileCount_few: '{type} ‘{name}’: {from} → {to} profile',
  profileCount_many: '{type} ‘{name}’: {from} → {to} profili',
  profileCount_other: '{type} ‘{name}’: {from} → {to} profilu',
  stepAdded: '{name}: dodano krok {step} ({action})',
  stepRemoved: '{name}: usunięto krok {step} ({action})',
  stepDelay: '{name}: krok {step}, opóźnienie {from} → {to}',
  stepStatus: '{name}: krok {step}, {from} → {to}',
  stepSubject: '{name}: krok {step} ({message}) – zmieniono temat',
  stepChanged: '{name}: zmieniono krok {step}',
  triggerChanged: '{name}: zmieniono wyzwalacz',
  filterChanged: '{name}: zmieniono filtr wejścia',
  fields_one: '{type} ‘{name}’: zmieniono {count} pole ({fields})',
  fields_few: '{type} ‘{name}’: zmieniono {count} pola ({fields})',
  fields_many: '{type} ‘{name}’: zmieniono {count} pól ({fields})',
  fields_other: '{type} ‘{name}’: zmieniono {count} pola ({fields})',
  onlyTimestamps: '{type} ‘{name}’: zmienił się tylko czas aktualizacji',
};

export const typeWordsPl: Record<keyof typeof typeWordsEn, string> = {
  flows: 'Flow',
  'flow-actions': 'Krok flow',
  'flow-messages': 'Wiadomość flow',
  campaigns: 'Kampania',
  'campaign-messages': 'Wiadomość kampanii',
  templates: 'Szablon',
  forms: 'Formularz',
  'form-versions': 'Wersja formularza',
  lists: 'Lista',
  segments: 'Segment',
  metrics: 'Metryka',
  tags: 'Tag',
  'tag-groups': 'Grupa tagów',
};

type UnitBase = keyof typeof unitWordsEn extends `${infer B}_${string}` ? B : never;
export const unitWordsPl: Record<`${UnitBase}_${'one' | 'few' | 'many' | 'other'}`, string> = {
  minutes_one: 'minuta',
  minutes_few: 'minuty',
  minutes_many: 'minut',
  minutes_other: 'minuty',
  hours_one: 'godzina',
  hours_few: 'godziny',
  hours_many: 'godzin',
  hours_other: 'godziny',
  days_one: 'dzień',
  days_few: 'dni',
  days_many: 'dni',
  days_other: 'dnia',
  weeks_one: 'tydzień',
  weeks_few: 'tygodnie',
  weeks_many: 'tygodni',
  weeks_other: 'tygodnia',
};

export const actionWordsPl: Record<string, string> = {
  'send-email': 'e-mail',
  'send-sms': 'SMS',
  'send-mobile-push': 'powiadomienie push',
  'send-push-notification': 'powiadomienie push',
  'send-whatsapp': 'wiadomość WhatsApp',
  'send-internal-alert': 'alert wewnętrzny',
  'time-delay': 'opóźnienie',
  'countdown-delay': 'odliczanie',
  'conditional-split': 'podział warunkowy',
  'trigger-split': 'podział wg wyzwalacza',
  'ab-test': 'test A/B',
  'update-profile': 'aktualizacja profilu',
  'list-update': 'aktualizacja listy',
  'send-webhook': 'webhook',
  webhook: 'webhook',
};
