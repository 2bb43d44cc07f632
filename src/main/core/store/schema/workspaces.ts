import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One workspace per client account. The API key is never stored here: `secretRef` names the keychain entry
 * (SecretStore reference) that holds it.
 */
export const workspaces = sqliteTable(
  'workspaces',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    klaviyoAccountId: text('klaviyo_account_id'),
    klaviyoAccountName: text('klaviyo_account_name'),
    baseUrl: text('base_url').notNull().default('https://a.klaviyo.com'),
    /** zod-validated WorkspaceSettings (see workspaces/workspace-settings.ts), JSON text */
    settingsJson: text('settings_json').notNull().default('{}'),
    archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
    /** served by the bundled simulator (PRODUCT E6) */
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
    secretRef: text('secret_ref').notNull(),
    /** scopes the key had when it was last checked (JSON array), so the audit can say "unknown" early */
    scopesJson: text('scopes_json').notNull().default('[]'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('workspaces_name_idx').on(sql`lower(${t.name})`)],
);
