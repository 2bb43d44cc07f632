import { blob, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The agency's identity on its reports: one row (`id` 1) for the whole app, since one agency prepares every
 * client's report. The logo is kept as its bytes with its type, checked when it was chosen.
 */
export const agencyBranding = sqliteTable('agency_branding', {
  id: integer('id').primaryKey(),
  agencyName: text('agency_name'),
  preparedBy: text('prepared_by'),
  /** "#rrggbb" */
  accentColor: text('accent_color'),
  logoMime: text('logo_mime', { enum: ['image/png', 'image/svg+xml'] }),
  logoData: blob('logo_data', { mode: 'buffer' }),
  updatedAt: integer('updated_at').notNull(),
});
