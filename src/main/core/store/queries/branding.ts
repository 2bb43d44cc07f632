import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { agencyBranding } from '../schema';

export type BrandingRow = {
  agencyName: string | null;
  preparedBy: string | null;
  accentColor: string | null;
  logo: { mimeType: 'image/png' | 'image/svg+xml'; data: Buffer } | null;
  updatedAt: number | null;
};

/** The agency's branding for its reports (one row for the app). */
export function brandingQueries(db: Db) {
  return {
    get(): BrandingRow {
      const r = db.select().from(agencyBranding).where(eq(agencyBranding.id, 1)).get();
      return {
        agencyName: r?.agencyName ?? null,
        preparedBy: r?.preparedBy ?? null,
        accentColor: r?.accentColor ?? null,
        logo: r?.logoMime && r.logoData ? { mimeType: r.logoMime, data: r.logoData } : null,
        updatedAt: r?.updatedAt ?? null,
      };
    },
    set(b: Omit<BrandingRow, 'updatedAt'>, at: number): BrandingRow {
      const values = {
        agencyName: b.agencyName,
        preparedBy: b.preparedBy,
        accentColor: b.accentColor,
        logoMime: b.logo?.mimeType ?? null,
        logoData: b.logo?.data ?? null,
        updatedAt: at,
      };
      db.insert(agencyBranding)
        .values({ id: 1, ...values })
        .onConflictDoUpdate({ target: agencyBranding.id, set: values })
        .run();
      return { ...b, updatedAt: at };
    },
  };
}
