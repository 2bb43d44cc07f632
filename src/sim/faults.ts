import { z } from 'zod';
import { createRng, type Rng } from './random';
import type { FaultSpec } from './types';

export const faultSpecSchema = z
  .object({
    kind: z.enum([
      'latency',
      'rate-limit-storm',
      'server-error',
      'hang',
      'truncate',
      'malformed-json',
      'revoke-key',
      'lose-answer',
      'remote-edit',
    ]),
    operations: z.array(z.string()).optional(),
    accounts: z.array(z.string()).optional(),
    afterRequests: z.number().int().min(0).optional(),
    count: z.number().int().min(0).optional(),
    probability: z.number().min(0).max(1).optional(),
    ms: z.number().min(0).optional(),
    jitterMs: z.number().min(0).optional(),
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504), z.literal(524)]).optional(),
    retryAfterSeconds: z.number().min(0).optional(),
  })
  .strict();

export const faultFileSchema = z.union([
  z.array(faultSpecSchema),
  z.object({ faults: z.array(faultSpecSchema) }).strict(),
]);

export function parseFaults(input: unknown, where = 'faults'): FaultSpec[] {
  // pick the shape first so an error points at the bad fault rather than at the union
  const r = Array.isArray(input) ? z.array(faultSpecSchema).safeParse(input) : faultFileSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`${where}: invalid fault at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return Array.isArray(r.data) ? r.data : r.data.faults;
}

type Armed = { spec: FaultSpec; seen: number; applied: number };

/**
 * Scripted faults. Each fault counts the requests it matches (by operation and account); it fires on the
 * matching requests whose ordinal falls in [afterRequests, afterRequests + count), with a seeded probability.
 */
export class FaultInjector {
  private armed: Armed[] = [];
  private rng: Rng;

  constructor(
    faults: FaultSpec[],
    private readonly seed: number,
  ) {
    this.rng = createRng(seed ^ 0x5eed);
    this.set(faults);
  }

  set(faults: FaultSpec[]): void {
    this.armed = parseFaults(faults).map((spec) => ({ spec, seen: 0, applied: 0 }));
    this.rng = createRng(this.seed ^ 0x5eed);
  }

  /** The faults that fire for this request (at most one of each kind, first listed wins). */
  select(operationId: string | null, accountId: string | null): FaultSpec[] {
    const out: FaultSpec[] = [];
    const kinds = new Set<string>();
    for (const a of this.armed) {
      const s = a.spec;
      if (s.operations && (!operationId || !s.operations.includes(operationId))) continue;
      if (s.accounts && (!accountId || !s.accounts.includes(accountId))) continue;
      const ordinal = a.seen++;
      if (ordinal < (s.afterRequests ?? 0)) continue;
      if (s.count !== undefined && a.applied >= s.count) continue;
      if (s.probability !== undefined && this.rng.next() >= s.probability) continue;
      if (kinds.has(s.kind)) continue;
      kinds.add(s.kind);
      a.applied++;
      out.push(s);
    }
    return out;
  }

  jitter(): number {
    return this.rng.next();
  }
}
