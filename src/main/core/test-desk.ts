import { composeDesk, type Desk, type DeskOptions } from './compose';
import { createLogger, memorySink } from './log';
import { MemorySecretStore } from './secrets';
import type { KeyCheckResult } from './secrets/check-key';

/** A key check that never leaves the process: tests that do not talk to a simulator get a fixed account. */
export const offlineKeyCheck = async (o: { requestId?: string }): Promise<KeyCheckResult> => ({
  requestId: o.requestId ?? 'offline',
  checkedAt: new Date(0).toISOString(),
  accountId: 'ACCOUNT1',
  accountName: 'Test account',
  timezone: null,
  currency: null,
  testAccount: null,
  scopes: [],
  missingScopes: [],
  unknownScopes: [],
  probes: [],
  writeScopes: [],
  missingWriteScopes: [],
  unknownWriteScopes: [],
  writeProbes: [],
});

/**
 * The desk as the front ends compose it, for tests: keys in memory, logs to a memory sink unless given, and no
 * demo simulator. Whatever a test passes replaces the default, so a test of the real key check passes none.
 */
export function testDesk(opts: Partial<DeskOptions> & Pick<DeskOptions, 'dataDir'>): Desk {
  return composeDesk({
    mode: 'cli',
    secrets: new MemorySecretStore(),
    logger: createLogger({ sink: memorySink() }),
    ...opts,
  });
}
