import { isolateDirection, showControls, wellFormed } from './text';

describe('text', () => {
  it('makes lone surrogates U+FFFD and keeps valid pairs, NUL and everything else', () => {
    expect(wellFormed('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
    expect(wellFormed('😀\u0000\u202E')).toBe('😀\u0000\u202E');
    expect(wellFormed('\uDBFF')).toBe('\uFFFD');
  });

  it('isolates text that carries a direction (RTL script, overrides) and leaves other text alone', () => {
    expect(isolateDirection('\u202Egnp.exe')).toBe('\u2068\u202Egnp.exe\u2069');
    expect(isolateDirection('שלום')).toBe('\u2068שלום\u2069');
    expect(isolateDirection('Welcome Series 👋')).toBe('Welcome Series 👋');
  });

  it('writes controls and bidi overrides in a name out, and keeps emoji joiners and RTL script', () => {
    expect(showControls('\u202Egnp.exe')).toBe('⟨U+202E⟩gnp.exe');
    expect(showControls('top\u0000secret\t=1')).toBe('top⟨U+0000⟩secret⟨U+0009⟩=1');
    expect(showControls('👩‍👩‍👧 שלום')).toBe('👩‍👩‍👧 שלום');
  });
});
