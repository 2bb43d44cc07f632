import { channels } from '../../../../shared/contract/channels';
import { activeFilters, dayBound, exportQuery, NO_FILTERS, nextSort, pageQuery, type HistoryFilters } from './query';

const all: HistoryFilters = {
  workspaceId: 'ws1',
  outcome: ['failure', 'partial'],
  direction: 'pull',
  trigger: ['daily'],
  resource: 'flows',
  from: '2026-11-02',
  to: '2026-11-03',
  item: '  XyZ1 ',
};

describe('the History screen’s query', () => {
  it('asks the page and the CSV for the same selection and order, each valid for its channel', () => {
    const page = pageQuery(all, { by: 'duration', dir: 'asc' }, 2, 25);
    const csv = exportQuery(all, { by: 'duration', dir: 'asc' }, 'pl');
    const { offset, limit, ...pageSel } = page;
    const { lang, ...csvSel } = csv;
    expect(pageSel).toEqual(csvSel);
    expect([offset, limit, lang]).toEqual([50, 25, 'pl']);
    expect(page.item).toBe('XyZ1');
    expect(channels['sync:runs'].input.safeParse(page).success).toBe(true);
    expect(channels['sync:runsExport'].input.safeParse(csv).success).toBe(true);
  });

  it('leaves out the filters that are not set (no empty arrays or strings reach the service)', () => {
    expect(pageQuery(NO_FILTERS, { by: 'started', dir: 'desc' }, 0, 50)).toEqual({
      sortBy: 'started',
      sort: 'desc',
      offset: 0,
      limit: 50,
    });
    expect(activeFilters(NO_FILTERS, false)).toBe(0);
    expect(activeFilters(all, false)).toBe(8);
    // a client fixed by the screen is not a filter the person can clear
    expect(activeFilters(all, true)).toBe(7);
  });

  it('takes whole local days: from the first midnight to the last millisecond of the last day', () => {
    const from = new Date(dayBound('2026-11-02', false)!);
    const to = new Date(dayBound('2026-11-03', true)!);
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours(), from.getMinutes()]).toEqual([
      2026, 10, 2, 0, 0,
    ]);
    expect([to.getDate(), to.getHours(), to.getMinutes(), to.getSeconds(), to.getMilliseconds()]).toEqual([
      3, 23, 59, 59, 999,
    ]);
    expect(dayBound('', false)).toBeUndefined();
    expect(dayBound('2026-13-45x', true)).toBeUndefined();
  });

  it('flips the direction on the same column and starts a new one descending (client: A to Z)', () => {
    expect(nextSort({ by: 'started', dir: 'desc' }, 'started')).toEqual({ by: 'started', dir: 'asc' });
    expect(nextSort({ by: 'started', dir: 'asc' }, 'requests')).toEqual({ by: 'requests', dir: 'desc' });
    expect(nextSort({ by: 'started', dir: 'desc' }, 'workspace')).toEqual({ by: 'workspace', dir: 'asc' });
  });
});
