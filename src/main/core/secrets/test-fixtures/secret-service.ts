import { execFileSync } from 'node:child_process';

/**
 * Asks the Secret Service itself (not our code, not the keyring library) which items carry these
 * attributes, over the session bus with dbus-send (Debian dbus-bin, the package that also ships
 * dbus-run-session, so it is there whenever the keychain tests run). Returns the item paths.
 */
export function secretServiceItems(attrs: Record<string, string>): string[] {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(attrs)) {
    // dbus-send's dict syntax separates with commas and has no escape
    if (k.includes(',') || v.includes(',')) throw new Error(`attribute ${k} contains a comma`);
    parts.push(k, v);
  }
  const out = execFileSync(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.secrets',
      '/org/freedesktop/secrets',
      'org.freedesktop.Secret.Service.SearchItems',
      `dict:string:string:${parts.join(',')}`,
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
  // Two arrays follow: unlocked items, then locked ones; both count.
  return [...out.matchAll(/object path "(\/org\/freedesktop\/secrets\/collection\/[^"]+)"/g)].map((m) => m[1]!);
}
