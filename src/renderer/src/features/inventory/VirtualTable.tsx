import { Box } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState } from 'react';
import type { InventoryRow } from '../../../../shared/contract/inventory';
import { IconChevronDown, IconChevronUp, IconSelector } from '../../components/icons';
import { useI18n, type I18n } from '../../i18n';
import type { Column, SortField } from './columns';

export const ROW_HEIGHT = 44;
const SLOT_POOL = 128;

interface Props {
  columns: Column[];
  total: number;
  rowAt: (i: number) => InventoryRow | undefined;
  ensure: (start: number, end: number) => void;
  /** changes whenever new rows arrive, to re-render visible rows */
  version: number;
  sort: { field: SortField; direction: 'asc' | 'desc' } | null;
  onSort: (field: SortField) => void;
  onOpen: (row: InventoryRow) => void;
  activeId: string | null;
  height: number | string;
  /** multi-select: a checkbox per row (the ids selected, and what a click on one does) */
  selection?: {
    selected: ReadonlySet<string>;
    toggle: (row: InventoryRow) => void;
    label: (row: InventoryRow) => string;
  };
}

const SELECT_FLEX = '0 0 40px';

const Row = memo(function Row({
  row,
  columns,
  i18n,
  active,
  onOpen,
  index,
  checked,
  selection,
}: {
  row: InventoryRow;
  columns: Column[];
  i18n: I18n;
  active: boolean;
  onOpen: (r: InventoryRow) => void;
  index: number;
  checked: boolean;
  selection: Props['selection'];
}) {
  return (
    <div
      className="kad-row"
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selection ? checked : undefined}
      tabIndex={-1}
      data-testid="inventory-row"
      data-index={index}
      data-id={row.id}
      data-active={active}
      data-pending={row.pending ? row.pending.state : undefined}
      style={{ height: ROW_HEIGHT }}
      onClick={() => onOpen(row)}
    >
      {selection && (
        <div className="kad-cell" role="cell" style={{ flex: SELECT_FLEX }} onClick={(e) => e.stopPropagation()}>
          <input
            type="checkbox"
            className="kad-check"
            checked={checked}
            onChange={() => selection.toggle(row)}
            aria-label={selection.label(row)}
            data-testid="row-select"
          />
        </div>
      )}
      {columns.map((c) => (
        <div key={c.key} className="kad-cell" role="cell" data-column={c.key} style={{ flex: c.flex }}>
          {c.render(row, i18n)}
        </div>
      ))}
    </div>
  );
});

/**
 * A div-based virtual table (only the visible rows plus a small overscan are in the DOM), so 20,000 rows
 * scroll without long main-thread tasks. Arrow keys move a cursor; Enter opens the row.
 */
export function VirtualTable({
  columns,
  total,
  rowAt,
  ensure,
  version,
  sort,
  onSort,
  onOpen,
  activeId,
  height,
  selection,
}: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState(0);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 5,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total > 0) ensure(first, last);
  }, [first, last, total, ensure, version]);

  useEffect(() => setCursor(0), [total]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!total) return;
    let next = cursor;
    if (e.key === 'ArrowDown') next = Math.min(total - 1, cursor + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, cursor - 1);
    else if (e.key === 'PageDown') next = Math.min(total - 1, cursor + 10);
    else if (e.key === 'PageUp') next = Math.max(0, cursor - 10);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = total - 1;
    else if (e.key === 'Enter') {
      const r = rowAt(cursor);
      if (r) onOpen(r);
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <Box
      ref={scrollRef}
      role="table"
      aria-rowcount={total + 1}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="inventory-scroll"
      style={{ height, overflow: 'auto', position: 'relative', outline: 'none', contain: 'strict' }}
    >
      <div className="kad-head" role="row" aria-rowindex={1}>
        {selection && <div className="kad-cell" role="columnheader" style={{ flex: SELECT_FLEX }} />}
        {columns.map((c) => {
          const active = sort && c.sortField && sort.field === c.sortField;
          const Icon = !active ? IconSelector : sort.direction === 'asc' ? IconChevronUp : IconChevronDown;
          return (
            <div
              key={c.key}
              className="kad-cell"
              role="columnheader"
              style={{ flex: c.flex }}
              aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
            >
              {c.sortField ? (
                <button type="button" onClick={() => onSort(c.sortField!)} data-testid={`inv-sort-${c.key}`}>
                  {t(c.labelKey)}
                  <Icon size={13} />
                </button>
              ) : (
                t(c.labelKey)
              )}
            </div>
          );
        })}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((vi) => {
          const row = rowAt(vi.index);
          return (
            <div
              // recycle a fixed pool of slots: scrolling updates rows in place instead of unmounting and
              // creating them (visible indices are contiguous, so a slot is never used twice at once)
              key={vi.index % SLOT_POOL}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${vi.start}px)` }}
            >
              {row ? (
                <div
                  style={
                    vi.index === cursor ? { boxShadow: 'inset 3px 0 0 var(--mantine-primary-color-filled)' } : undefined
                  }
                >
                  <Row
                    row={row}
                    columns={columns}
                    i18n={i18n}
                    active={row.id === activeId}
                    onOpen={onOpen}
                    index={vi.index}
                    checked={!!selection?.selected.has(row.id)}
                    selection={selection}
                  />
                </div>
              ) : (
                <div className="kad-skeleton-row" style={{ height: ROW_HEIGHT }} aria-hidden="true">
                  <span style={{ width: '30%' }} />
                  <span style={{ width: '10%' }} />
                  <span style={{ width: '15%' }} />
                </div>
              )}
            </div>
          );
        })}
      </div>
    </Box>
  );
}
