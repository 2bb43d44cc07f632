import { showInvisible } from './text';

describe('showInvisible', () => {
  it('writes bidi overrides, isolates, zero-width characters and controls out, and leaves visible text', () => {
    expect(showInvisible('\u202Egnp.exe')).toBe('⟨U+202E⟩gnp.exe');
    expect(showInvisible('a\u200Bb\u2066c\u2069\uFEFF\u0000')).toBe('a⟨U+200B⟩b⟨U+2066⟩c⟨U+2069⟩⟨U+FEFF⟩⟨U+0000⟩');
    expect(showInvisible('line\nnext\ttab')).toBe('line\nnext\ttab');
    expect(showInvisible('שלום 👩‍👩‍👧 Zażółć')).toBe('שלום 👩⟨U+200D⟩👩⟨U+200D⟩👧 Zażółć');
  });
});
