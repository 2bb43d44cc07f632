import type { ResourceType } from '../../../../shared/contract/primitives';

const KLAVIYO = 'https://www.klaviyo.com';

/**
 * Where an item opens in Klaviyo's web app. The app's own addresses: lists and segments share `/list/<id>`.
 * Types with no page of their own (flow steps, messages, metrics…) have no link.
 */
const PATHS: Partial<Record<ResourceType, (id: string) => string>> = {
  flows: (id) => `/flow/${id}/edit`,
  campaigns: (id) => `/campaign/${id}/wizard`,
  lists: (id) => `/list/${id}/members`,
  segments: (id) => `/list/${id}/members`,
  forms: (id) => `/forms/${id}/edit`,
  templates: (id) => `/email-editor/${id}/edit`,
};

export function klaviyoUrl(type: ResourceType, id: string): string | null {
  const path = PATHS[type];
  // ids are Klaviyo's own (letters, digits, dashes); anything else is not put into an address
  return path && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? `${KLAVIYO}${path(encodeURIComponent(id))}` : null;
}
