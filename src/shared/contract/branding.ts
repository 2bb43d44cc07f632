import { z } from 'zod';

/** "#rrggbb" */
export const AccentColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour as #rrggbb');

/** The agency's identity on every report (cover and footers): one for the app, whatever the client. */
export const BrandingSchema = z.object({
  agencyName: z.string().nullable(),
  preparedBy: z.string().nullable(),
  accentColor: AccentColorSchema.nullable(),
  /** the logo as a data URL (PNG or SVG), for the settings' preview; null without one */
  logo: z
    .object({ mimeType: z.enum(['image/png', 'image/svg+xml']), dataUrl: z.string(), bytes: z.number() })
    .nullable(),
  updatedAt: z.string().nullable(),
});
export type Branding = z.infer<typeof BrandingSchema>;

const text = z.string().trim().max(120).nullable();

export const brandingChannels = {
  'branding:get': { input: z.strictObject({}).default({}), output: BrandingSchema },
  /**
   * Sets what is given (null clears it). The logo comes as base64 with its type; the service checks it is a PNG or
   * an SVG it can print, within the size limit, and answers a worded `validation` error otherwise.
   */
  'branding:set': {
    input: z.strictObject({
      agencyName: text.optional(),
      preparedBy: text.optional(),
      accentColor: AccentColorSchema.nullable().optional(),
      logo: z
        .strictObject({ mimeType: z.string().max(100), base64: z.string().max(100_000) })
        .nullable()
        .optional(),
    }),
    output: BrandingSchema,
  },
} as const;
