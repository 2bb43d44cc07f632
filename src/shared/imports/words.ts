import type { Language } from '../contract/primitives';
import type { ImportReason } from '../contract/imports';

/**
 * Why a row of an imported file was not sent (or was sent without a field), in each language. `{value}` is the
 * cell as the file has it, `{line}` another line the reason points at (the first copy of a duplicate).
 */
export const IMPORT_REASON_WORDS: Record<Language, Record<ImportReason, string>> = {
  en: {
    bad_email: 'The email address "{value}" is not valid.',
    missing_identifier: 'The row has neither an email address nor a phone number.',
    duplicate_email: 'The email address {value} already appeared on line {line}; the first one is imported.',
    bad_phone: 'The phone number "{value}" is not in international format; the customer is imported without it.',
    missing_order_name: 'The row has no order number (Name).',
    bad_date: 'The order date "{value}" cannot be read (expected e.g. 2024-03-05 14:22:31 -0500).',
    date_out_of_range: 'The order date {value} is before 1990 or more than a year ahead; Klaviyo refuses it.',
    bad_total: 'The order total "{value}" is not a number.',
    bad_currency: 'The currency "{value}" is not a three-letter code.',
    duplicate_order: 'The order {value} already appeared on line {line}; the first one is imported.',
    order_rejected: 'This line item belongs to order {value} (line {line}), which was not imported.',
    row_too_large: 'The row is larger than Klaviyo accepts (100 KB).',
    unterminated_quote: 'A quoted field is never closed; the rest of the file could not be read.',
    klaviyo_refused: 'Klaviyo refused this row: {value}',
    duplicate_external_id: 'The external id {value} already appeared on line {line}; the first one is imported.',
  },
  pl: {
    bad_email: 'Adres e-mail „{value}” jest nieprawidłowy.',
    missing_identifier: 'Wiersz nie ma ani adresu e-mail, ani numeru telefonu.',
    duplicate_email: 'Adres e-mail {value} wystąpił już w wierszu {line}; importowany jest pierwszy.',
    bad_phone: 'Numer telefonu „{value}” nie jest w formacie międzynarodowym; klient jest importowany bez niego.',
    missing_order_name: 'Wiersz nie ma numeru zamówienia (Name).',
    bad_date: 'Nie można odczytać daty zamówienia „{value}” (oczekiwano np. 2024-03-05 14:22:31 -0500).',
    date_out_of_range:
      'Data zamówienia {value} jest sprzed 1990 roku lub ponad rok w przyszłości; Klaviyo jej nie przyjmie.',
    bad_total: 'Wartość zamówienia „{value}” nie jest liczbą.',
    bad_currency: 'Waluta „{value}” nie jest trzyliterowym kodem.',
    duplicate_order: 'Zamówienie {value} wystąpiło już w wierszu {line}; importowane jest pierwsze.',
    order_rejected: 'Ta pozycja należy do zamówienia {value} (wiersz {line}), które nie zostało zaimportowane.',
    row_too_large: 'Wiersz jest większy, niż przyjmuje Klaviyo (100 KB).',
    unterminated_quote: 'Pole w cudzysłowie nie zostało zamknięte; reszty pliku nie dało się odczytać.',
    klaviyo_refused: 'Klaviyo odrzuciło ten wiersz: {value}',
    duplicate_external_id: 'Identyfikator zewnętrzny {value} wystąpił już w wierszu {line}; importowany jest pierwszy.',
  },
};

/** A problem worded for a person in the chosen language. */
export function importReasonText(
  lang: Language,
  p: { reason: ImportReason; value?: string | null; relatedLine?: number | null },
): string {
  return IMPORT_REASON_WORDS[lang][p.reason]
    .replaceAll('{value}', p.value ?? '')
    .replaceAll('{line}', p.relatedLine === null || p.relatedLine === undefined ? '' : String(p.relatedLine));
}
