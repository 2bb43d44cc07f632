import { flowStepsOf } from '../flow-steps';
import { accountTimezone, referencedItems } from '../item-references';
import { notFound, type HandlerContext } from '../handler-context';
import { pendingOverlay } from '../../outbox';
import { inventoryRowOf as toRow, type ItemSize } from '../../store';
import type { HandlersOf } from '../types';

/** The local inventory: pages of one resource type, their facets, and one item with its children and steps. */
export function inventoryHandlers(ctx: HandlerContext): HandlersOf<'inventory:'> {
  const { store, workspaceRow } = ctx;
  return {
    'inventory:list': (q) => {
      workspaceRow(q.workspaceId);
      const query = {
        workspaceId: q.workspaceId,
        resourceType: q.type,
        search: q.search,
        status: q.filters?.status,
        channel: q.filters?.channel,
        triggerType: q.filters?.triggerType,
        archived: q.filters?.archived,
        includeRemoved: q.includeRemoved,
        sort: q.sort,
        offset: q.offset,
        limit: q.limit,
      };
      const page = { offset: q.offset, limit: q.limit };
      if (!q.includeRemoved && !q.raw) {
        const { items, total } = store.inventory.page(query);
        // what the strategist sees: Klaviyo's last answer with the changes still queued laid over it
        const pending = pendingOverlay(
          store,
          q.workspaceId,
          q.type,
          items.map((it) => it.klaviyoId),
        );
        return {
          items: items.map((it) => ({ ...toRow(it), pending: pending.get(it.klaviyoId) ?? null })),
          total,
          ...page,
        };
      }
      // whole items: what was found gone and when, and the JSON as Klaviyo served it
      const { items, total } = store.inventory.pageItems(query);
      const rows = items.map((it) => ({
        ...toRow(it),
        ...(q.includeRemoved ? { removedAt: it.removedAt === null ? null : new Date(it.removedAt).toISOString() } : {}),
        ...(q.raw ? { attributes: it.attributes, relationships: it.relationships } : {}),
      }));
      return { items: rows, total, ...page };
    },
    'inventory:facets': ({ workspaceId, type }) => {
      workspaceRow(workspaceId);
      return store.inventory.facets(workspaceId, type);
    },
    'inventory:get': ({ workspaceId, type, id }) => {
      workspaceRow(workspaceId);
      const item = store.inventory.get(workspaceId, type, id);
      if (!item || item.removedAt !== null) notFound('Item', id);
      const singular = type.replace(/s$/, '');
      let children = store.inventory.children(workspaceId, [type, singular], [id]);
      if (type === 'flows') {
        // a flow's messages hang off its actions
        const actionIds = children.filter((c) => c.resourceType === 'flow-actions').map((c) => c.klaviyoId);
        children = children.concat(store.inventory.children(workspaceId, ['flow-actions', 'flow-action'], actionIds));
      }
      // the drawer shows the flow's and its steps' queued status changes at once, like the table's rows
      const pending = pendingOverlay(store, workspaceId, type, [id]).get(id) ?? null;
      const steps = type === 'flows' ? flowStepsOf(store, workspaceId, item.attributes.definition, children) : null;
      const stepPending = steps
        ? pendingOverlay(
            store,
            workspaceId,
            'flow-actions',
            steps.map((s) => s.id),
          )
        : new Map();
      const firstRun = store.runs.get(item.firstSeenRunId);
      const lastRun = store.runs.get(item.lastSeenRunId);
      return {
        item: { ...toRow(item), pending },
        attributes: item.attributes,
        relationships: item.relationships,
        firstSeenAt: firstRun ? new Date(firstRun.startedAt).toISOString() : null,
        lastSeenAt: lastRun ? new Date(lastRun.finishedAt ?? lastRun.startedAt).toISOString() : null,
        flowSteps: steps?.map((s) => ({ ...s, pending: stepPending.get(s.id) ?? null })) ?? null,
        children: children.map(toRow),
        references: referencedItems(store, workspaceId, item.attributes, item.relationships),
        timezone: accountTimezone(store, workspaceId),
        size: sizeOf(store.sizes.get(workspaceId, type, id)),
      };
    },
  };
}

const sizeOf = (s: ItemSize | null) =>
  s ? { count: s.profileCount, observedAt: new Date(s.observedAt).toISOString() } : null;
