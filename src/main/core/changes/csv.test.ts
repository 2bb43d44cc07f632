import { PassThrough } from 'node:stream';
import type { StagedItem } from '../store';
import { addWorkspace, stagedItem, syncItems, useTestStore } from '../store/test-helpers';
import { changeSet, writeChangesCsv } from './index';

const list = (id: string, name: string): StagedItem => stagedItem(id, { resourceType: 'lists', name });

async function csvOf(set: Parameters<typeof writeChangesCsv>[0], lang: 'en' | 'pl'): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeChangesCsv(set, lang, out);
  return Buffer.concat(chunks).toString('utf8');
}

describe('a change set as CSV', () => {
  const store = useTestStore();

  it('is worded for people in the chosen language, every cell made inert', async () => {
    const s = store();
    addWorkspace(s, 'w');
    await syncItems(s, 'w', [list('L1', 'News'), list('L2', 'Gone')]);
    await syncItems(s, 'w', [list('L1', '=HYPERLINK("x")'), list('L3', 'Fresh')]);
    const set = changeSet(s, { workspaceId: 'w' });
    const pl = await csvOf(set, 'pl');
    const lines = pl
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      'Zasób,Id w Klaviyo,Nazwa,Zmiana,Co się zmieniło,Zmienione pola,Od synchronizacji,Do synchronizacji',
    );
    expect(lines).toHaveLength(4);
    expect(pl).toContain('Lista,L2,Gone,Usunięto,Usunięto: Lista ‘Gone’,');
    expect(pl).toContain('Lista,L3,Fresh,Dodano,Dodano: Lista ‘Fresh’,');
    // a name a spreadsheet would run as a formula stays text
    expect(pl).toMatch(/Lista,L1,"'=HYPERLINK\(""x""\)",Zmieniono,/);
    const en = await csvOf(set, 'en');
    expect(en).toContain('Resource,Klaviyo id,Name,Change,What changed');
    expect(en).toContain('List,L3,Fresh,Added,List ‘Fresh’ added,');
  });
});
