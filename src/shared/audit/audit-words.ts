import type { Language } from '../contract/primitives';
import type { FindingStatusSchema, SeveritySchema } from '../contract/audit';
import type { z } from 'zod';

type Status = z.infer<typeof FindingStatusSchema>;
type Severity = z.infer<typeof SeveritySchema>;
type Area = 'flows' | 'tracking' | 'campaigns' | 'deliverability' | 'lists' | 'forms' | 'revenue' | 'account' | 'sync';

/**
 * The audit's own vocabulary — a finding's status and severity, the areas of the score — in every language. The
 * Audit tab and the reports (PDF, CSV) word them from this one table, so a report reads like the screen.
 */
export type AuditWords = {
  status: Record<Status, string>;
  severity: Record<Severity, string>;
  area: Record<Area, string>;
};

export const auditWords: Record<Language, AuditWords> = {
  en: {
    status: { pass: 'Pass', fail: 'Fail', unknown: 'Unknown' },
    severity: { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' },
    area: {
      flows: 'Flows',
      tracking: 'Tracking',
      campaigns: 'Campaigns',
      deliverability: 'Deliverability',
      lists: 'Lists & segments',
      forms: 'Forms',
      revenue: 'Revenue',
      account: 'Account',
      sync: 'Data freshness',
    },
  },
  pl: {
    status: { pass: 'OK', fail: 'Błąd', unknown: 'Nieznane' },
    severity: { critical: 'Krytyczne', high: 'Wysokie', medium: 'Średnie', low: 'Niskie', info: 'Info' },
    area: {
      flows: 'Flow',
      tracking: 'Śledzenie',
      campaigns: 'Kampanie',
      deliverability: 'Dostarczalność',
      lists: 'Listy i segmenty',
      forms: 'Formularze',
      revenue: 'Przychód',
      account: 'Konto',
      sync: 'Świeżość danych',
    },
  },
};
