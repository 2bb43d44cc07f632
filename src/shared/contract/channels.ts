import type { z } from 'zod';
import { appChannels } from './app';
import { audiencesChannels } from './audiences';
import { auditChannels } from './audit';
import { brandingChannels } from './branding';
import { changesChannels } from './changes';
import { findingsChannels } from './findings';
import { historyChannels } from './history';
import { importsChannels } from './imports';
import { inventoryChannels } from './inventory';
import { outboxChannels } from './outbox';
import { settingsChannels } from './settings';
import { syncChannels } from './sync';
import { trendsChannels } from './trends';
import { workspacesChannels } from './workspaces';

/**
 * Every request channel of the app, `domain:verb` → { input, output } zod schemas. This table is the single
 * source of truth: main registers exactly these handlers, the preload exposes exactly these functions, the web
 * bridge serves exactly these routes, and the drift test checks all three against it.
 */
export const channels = {
  ...workspacesChannels,
  ...syncChannels,
  ...inventoryChannels,
  ...settingsChannels,
  ...appChannels,
  ...auditChannels,
  ...changesChannels,
  ...outboxChannels,
  ...findingsChannels,
  ...trendsChannels,
  ...historyChannels,
  ...importsChannels,
  ...brandingChannels,
  ...audiencesChannels,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export const channelNames = Object.keys(channels) as ChannelName[];

/** What a caller passes (defaults may be omitted). */
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
/** What a handler receives after validation (defaults filled in). */
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
