/** Deterministic helpers: everything the generator and the fault injector draw comes from a seed. */

export function hash32(a: number, b = 0): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for test data. */
export function createRng(seed: number): Rng {
  let s = hash32(seed) >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return new Rng(next);
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export class Rng {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![0];
  }
  alnum(len: number): string {
    let out = '';
    for (let i = 0; i < len; i++) out += ALNUM[Math.floor(this.next() * ALNUM.length)];
    return out;
  }
  /** a ULID-looking id (Klaviyo uses these for campaigns, messages and profiles) */
  ulid(timeMs: number): string {
    let t = Math.max(0, Math.floor(timeMs));
    let head = '';
    for (let i = 0; i < 10; i++) {
      head = CROCKFORD[t % 32] + head;
      t = Math.floor(t / 32);
    }
    let tail = '';
    for (let i = 0; i < 16; i++) tail += CROCKFORD[Math.floor(this.next() * 32)];
    return head + tail;
  }
  uuid(): string {
    const h = (n: number): string => {
      let s = '';
      for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
      return s;
    };
    return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[Math.floor(this.next() * 4)]}${h(3)}-${h(12)}`;
  }
}

/** Unique ids of one kind within a dataset. */
export class IdMaker {
  private readonly seen = new Set<string>();
  constructor(private readonly make: () => string) {}
  next(): string {
    for (;;) {
      const id = this.make();
      if (!this.seen.has(id)) {
        this.seen.add(id);
        return id;
      }
    }
  }
}
