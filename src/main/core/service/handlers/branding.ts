import type { Branding } from '../../../../shared/contract/branding';
import { AppError } from '../../../../shared/errors';
import { parseSvgLogo, SvgLogoError } from '../../exports';
import type { BrandingRow } from '../../store';
import type { HandlerContext } from '../handler-context';
import type { HandlersOf } from '../types';

/** the largest logo a report carries (a cover logo needs less; every PDF embeds it, and a call carries at most 100,000 characters) */
export const LOGO_MAX_BYTES = 64 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const refuse = (message: string, details: Record<string, unknown>): never => {
  throw new AppError('validation', message, { details: { field: 'logo', ...details } });
};

/** A logo a report can print, or a refusal that says why in words the person choosing it understands. */
export function checkLogo(logo: { mimeType: string; base64: string }): NonNullable<BrandingRow['logo']> {
  if (logo.mimeType !== 'image/png' && logo.mimeType !== 'image/svg+xml')
    refuse(`The logo must be a PNG or an SVG image; a file of type “${logo.mimeType || 'unknown'}” was given.`, {
      mimeType: logo.mimeType,
    });
  const data = Buffer.from(logo.base64, 'base64');
  if (!data.length) refuse('The logo file is empty.', {});
  if (data.length > LOGO_MAX_BYTES)
    refuse(
      `The logo is ${Math.ceil(data.length / 1024)} KB; a logo may be at most ${LOGO_MAX_BYTES / 1024} KB. Export it smaller and choose it again.`,
      { bytes: data.length, maxBytes: LOGO_MAX_BYTES },
    );
  if (logo.mimeType === 'image/png') {
    if (!data.subarray(0, 8).equals(PNG_SIGNATURE))
      refuse('The logo file is not a PNG image, though it is named one.', {});
    return { mimeType: 'image/png', data };
  }
  try {
    parseSvgLogo(data.toString('utf8'));
  } catch (err) {
    if (err instanceof SvgLogoError) refuse(`This SVG logo cannot be printed: ${err.message}`, {});
    throw err;
  }
  return { mimeType: 'image/svg+xml', data };
}

export function brandingOut(b: BrandingRow): Branding {
  return {
    agencyName: b.agencyName,
    preparedBy: b.preparedBy,
    accentColor: b.accentColor,
    logo: b.logo
      ? {
          mimeType: b.logo.mimeType,
          dataUrl: `data:${b.logo.mimeType};base64,${b.logo.data.toString('base64')}`,
          bytes: b.logo.data.length,
        }
      : null,
    updatedAt: b.updatedAt === null ? null : new Date(b.updatedAt).toISOString(),
  };
}

/** The agency's branding on the reports: read it, and set it (a logo is checked before anything is saved). */
export function brandingHandlers(ctx: HandlerContext): HandlersOf<'branding:'> {
  const { store, now } = ctx;
  return {
    'branding:get': () => brandingOut(store.branding.get()),
    'branding:set': (patch) => {
      const current = store.branding.get();
      const logo = patch.logo === undefined ? current.logo : patch.logo === null ? null : checkLogo(patch.logo);
      const orNull = (v: string | null | undefined, was: string | null) => (v === undefined ? was : v || null);
      const next = {
        agencyName: orNull(patch.agencyName, current.agencyName),
        preparedBy: orNull(patch.preparedBy, current.preparedBy),
        accentColor: patch.accentColor === undefined ? current.accentColor : patch.accentColor,
        logo,
      };
      return brandingOut(store.branding.set(next, now().getTime()));
    },
  };
}
