/**
 * Which links may leave the app for the user's browser. Parsed with `new URL` (string prefixes are fooled by
 * `https://klaviyo.com.evil.example` or `https://user@evil`), https only, no credentials, and only hosts the app
 * has a reason to link to.
 */
export const EXTERNAL_HOSTS = ['klaviyo.com', 'developers.klaviyo.com', 'help.klaviyo.com', 'www.klaviyo.com'];

export function isSafeExternalUrl(raw: unknown, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return hosts.some((h) => host === h || host.endsWith(`.${h}`));
}
