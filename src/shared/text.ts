/** a high surrogate not followed by a low one, or a low surrogate not preceded by a high one */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text made valid where it is not: a lone UTF-16 surrogate (which has no UTF-8 form) becomes U+FFFD, everything
 * else stays exactly as sent.
 */
export function wellFormed(s: string): string {
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\uFFFD') : s;
}

/** a character with strong right-to-left direction, or one that changes direction (marks, embeddings, isolates) */
const DIRECTIONAL =
  /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|\uD802[\uDC00-\uDFFF]|\uD803[\uDC00-\uDFFF]|\uD83A[\uDC00-\uDFFF]/;

/**
 * Text set inside a sentence as its own direction run (FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE), the plain
 * text form of `<bdi>`: a name holding U+202E or right-to-left script then cannot reorder the words around it.
 * Text with nothing directional is returned as it is.
 */
export function isolateDirection(s: string): string {
  return DIRECTIONAL.test(s) ? `\u2068${s}\u2069` : s;
}

/** controls no name needs and that change how it reads: C0/C1 controls, bidi embeddings, overrides and isolates */
// eslint-disable-next-line no-control-regex
const HIDDEN_CONTROLS = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * A name as it may be shown: every control character written out as ⟨U+XXXX⟩. Isolation alone keeps U+202E from
 * reordering what is around a name, not the name itself ("\u202Egnp.exe" would still read "exe.png").
 */
export function showControls(s: string): string {
  return s.replace(HIDDEN_CONTROLS, codeLabel);
}

/** a character written out as ⟨U+XXXX⟩ */
export function codeLabel(c: string): string {
  return `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`;
}
