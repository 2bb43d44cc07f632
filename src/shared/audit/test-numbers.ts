/**
 * The numbers in a sentence as a reader sees them, for tests that check a translation keeps every figure:
 * "1,000.5" in English and "1 000,5" in Polish are both 1000.5.
 */
export const numbersEn = (s: string): Set<string> =>
  new Set([...s.matchAll(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g)].map((x) => x[0].replaceAll(',', '')));

export const numbersPl = (s: string): Set<string> =>
  new Set(
    [...s.replace(/(\d)[\u00a0\u202f ](?=\d{3}\b)/g, '$1').matchAll(/\d+(?:,\d+)?/g)].map((x) =>
      x[0].replace(',', '.'),
    ),
  );
