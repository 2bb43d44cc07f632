import { codeLabel } from '../../../shared/text';

/**
 * Characters that change what text looks like without being seen: C0/C1 controls, zero-width characters, bidi
 * embeddings, overrides and isolates (U+202E turns "\u202Egnp.exe" into what reads as "exe.png"), line and
 * paragraph separators, the byte-order mark.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/g;

/** Text with every invisible or direction-changing character written out as ⟨U+XXXX⟩, for views of raw data. */
export function showInvisible(s: string): string {
  return s.replace(INVISIBLE, codeLabel);
}
