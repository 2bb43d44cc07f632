import { audiencesCommand } from './audiences';
import { auditCommand } from './audit';
import { brandingCommand } from './branding';
import { changesCommand } from './changes';
import { findingCommand } from './finding';
import { importCommand } from './import';
import { inventoryCommand } from './inventory';
import { flowCommand, outboxCommand, tagCommand } from './outbox';
import { reportCommand } from './report';
import { healthCommand } from './health';
import { historyCommand, runsCommand } from './history';
import { simCommand } from './sim';
import { statusCommand } from './status';
import { syncCommand } from './sync';
import { trendsCommand } from './trends';
import type { CliCommand } from './types';
import { workspaceCommand } from './workspace';

export type { CliCommand } from './types';

/** Every verb of the CLI: `--help` and the verb-list test walk this table (subcommands included). */
export const commands: CliCommand[] = [
  simCommand,
  workspaceCommand,
  syncCommand,
  statusCommand,
  inventoryCommand,
  historyCommand,
  runsCommand,
  healthCommand,
  changesCommand,
  trendsCommand,
  auditCommand,
  reportCommand,
  brandingCommand,
  outboxCommand,
  tagCommand,
  flowCommand,
  audiencesCommand,
  importCommand,
  findingCommand,
];
