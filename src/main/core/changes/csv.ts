import type { Writable } from 'node:stream';
import type { ChangeKind, ChangeSet, ItemChange } from '../../../shared/contract/changes';
import { changeSentence, typeWord, type ChangeLang } from '../../../shared/changes';
import { writeCsv } from '../exports';

type Columns = Parameters<typeof writeCsv<ItemChange>>[1];

/** Column headings and kinds of change in words: a CSV is read by people, in their language. */
const WORDS = {
  en: {
    headers: ['Resource', 'Klaviyo id', 'Name', 'Change', 'What changed', 'Fields changed', 'From run', 'To run'],
    kinds: { added: 'Added', removed: 'Removed', modified: 'Modified' },
  },
  pl: {
    headers: [
      'Zasób',
      'Id w Klaviyo',
      'Nazwa',
      'Zmiana',
      'Co się zmieniło',
      'Zmienione pola',
      'Od synchronizacji',
      'Do synchronizacji',
    ],
    kinds: { added: 'Dodano', removed: 'Usunięto', modified: 'Zmieniono' },
  },
} as const satisfies Record<ChangeLang, { headers: readonly string[]; kinds: Record<ChangeKind, string> }>;

/** The columns of a change set's CSV in one language; every cell goes through the export pipeline's sanitiser. */
export function changeColumns(set: Pick<ChangeSet, 'from' | 'to'>, lang: ChangeLang): Columns {
  const w = WORDS[lang];
  const h = w.headers;
  return [
    { header: h[0], value: (c) => typeWord(c.type, lang) },
    { header: h[1], value: (c) => c.id },
    { header: h[2], value: (c) => c.name ?? c.parent?.name ?? '' },
    { header: h[3], value: (c) => w.kinds[c.kind] },
    { header: h[4], value: (c) => c.summary.map((m) => changeSentence(m, lang)).join('; ') },
    {
      header: h[5],
      value: (c) =>
        c.fields
          .filter((f) => !f.noise)
          .map((f) => f.path)
          .join(', '),
    },
    { header: h[6], value: () => set.from?.startedAt ?? '' },
    { header: h[7], value: () => set.to?.startedAt ?? '' },
  ];
}

export function writeChangesCsv(set: ChangeSet, lang: ChangeLang, out: Writable): Promise<{ rows: number }> {
  return writeCsv(set.items, changeColumns(set, lang), out);
}
