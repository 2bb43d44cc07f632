import { useTestStore } from '../store/test-helpers';
import { queueImport, splitImportPayload } from './queue';

describe("an import's payload in the outbox", () => {
  const store = useTestStore();

  it('is stored from its bytes, listed without its body, and read back as the very bytes that were queued', () => {
    store().workspaces.insert({ id: 'w1', name: 'W1', secretRef: 'workspace:w1', createdAt: 1, updatedAt: 1 });
    // names a store really exports: accents, a right-to-left script, an emoji (four UTF-8 bytes), a quote, a comma
    const profiles = ['Kraków', 'Łódź "Centrum", 2', 'שלום', 'Zoë 🎉'].map((city, i) => ({
      type: 'profile',
      attributes: { email: `c${i}@shop.example.com`, location: { city } },
    }));
    const body = Buffer.from(JSON.stringify({ data: { type: 'profile-bulk-import-job', attributes: { profiles } } }));
    const [row] = queueImport(
      store(),
      'w1',
      {
        kind: 'profile_import',
        importId: 'abc',
        fileName: 'customers_export.csv',
        chunks: [{ records: 4, lines: [2, 3, 5, 6], body }],
      },
      { now: 1000 },
    );

    // what the queue answers and what the Outbox view lists hold the head only: a body is up to 5 MB
    expect(row!.payloadJson).toBe('');
    const [listed] = store().outbox.list({ workspaceId: 'w1' });
    expect(JSON.parse(listed!.payloadJson)).toEqual({
      importId: 'abc',
      fileName: 'customers_export.csv',
      chunk: 1,
      of: 1,
      records: 4,
      lines: [2, 3, 5, 6],
    });
    expect(JSON.parse(store().outbox.get(row!.id)!.payloadJson)).toEqual(JSON.parse(listed!.payloadJson));

    // what is sent: the head parsed, the body byte for byte as queued
    const { head, body: sent } = splitImportPayload<{ records: number; lines: number[] }>(
      store().outbox.payloadBytes(row!.id)!,
    );
    expect(head).toMatchObject({ records: 4, lines: [2, 3, 5, 6] });
    expect(Buffer.compare(sent, body)).toBe(0);
    expect(JSON.parse(sent.toString()).data.attributes.profiles[3].attributes.location.city).toBe('Zoë 🎉');
  });
});
