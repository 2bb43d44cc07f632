import { hash32 } from './random';
import { isoSeconds } from './dataset';
import type { SimEventSource, SimResource } from './types';

export type EventMetricWeight = { metricId: string; name: string; weight: number };

export type LazyEventsOptions = {
  seed: number;
  count: number;
  /** epoch ms of the first and last event */
  startMs: number;
  endMs: number;
  metrics: EventMetricWeight[];
  profileIds: string[];
  /** a metric that stopped recording at some time (a broken integration, audit rule M1) */
  stalled?: { metricId: string; fromMs: number };
};

const ID_PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const PRODUCTS = [
  'Linen Shirt',
  'Wool Socks',
  'Canvas Tote',
  'Ceramic Mug',
  'Leather Wallet',
  'Desk Lamp',
  'Rain Jacket',
];

/**
 * Events as a pure function of (seed, index): index order is datetime order, so range filters become binary
 * searches and a page costs only the events it touches. The id encodes the index, so GET /api/events/{id} is O(1).
 */
export class LazyEvents implements SimEventSource {
  readonly extra: SimResource[] = [];
  readonly count: number;
  private readonly cumulative: number[];
  private readonly totalWeight: number;
  private readonly step: number;
  private readonly prefix: string;

  constructor(private readonly o: LazyEventsOptions) {
    this.count = o.count;
    let acc = 0;
    this.cumulative = o.metrics.map((m) => (acc += m.weight));
    this.totalWeight = acc;
    this.step = o.count > 0 ? (o.endMs - o.startMs) / o.count : 0;
    const h = hash32(o.seed, 77);
    this.prefix = ID_PREFIX_ALPHABET[h % 62]! + ID_PREFIX_ALPHABET[(h >>> 8) % 62]!;
  }

  /** epoch ms of event i; strictly increasing in i at whole-second granularity ties allowed */
  timeAt(i: number): number {
    const base = this.o.startMs + i * this.step;
    const jitter = (hash32(this.o.seed, i * 3 + 1) / 4294967296) * this.step * 0.9;
    return Math.floor(base + jitter);
  }

  metricAt(i: number): EventMetricWeight {
    const r = (hash32(this.o.seed, i * 3 + 2) / 4294967296) * this.totalWeight;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    const m = this.o.metrics[lo]!;
    const stalled = this.o.stalled;
    if (stalled && m.metricId === stalled.metricId && this.timeAt(i) >= stalled.fromMs) {
      return this.o.metrics[(lo + 1) % this.o.metrics.length]!;
    }
    return m;
  }

  profileAt(i: number): string {
    const ids = this.o.profileIds;
    return ids[hash32(this.o.seed, i * 3 + 3) % ids.length]!;
  }

  idAt(i: number): string {
    return `${this.prefix}${i.toString(36).padStart(6, '0')}${(hash32(this.o.seed, i) % 1296).toString(36).padStart(2, '0')}`;
  }

  indexOf(id: string): number {
    if (id.length !== 10 || !id.startsWith(this.prefix)) {
      const x = this.extra.findIndex((e) => e.id === id);
      return x < 0 ? -1 : this.count + x;
    }
    const i = parseInt(id.slice(2, 8), 36);
    if (!Number.isInteger(i) || i < 0 || i >= this.count || this.idAt(i) !== id) return -1;
    return i;
  }

  /** first index whose time is ≥ t (binary search over the monotonic times) */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.timeAt(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  at(i: number): SimResource {
    if (i >= this.count) {
      const e = this.extra[i - this.count];
      if (!e) throw new RangeError(`event index ${i} out of range`);
      return e;
    }
    const t = this.timeAt(i);
    const metric = this.metricAt(i);
    const h = hash32(this.o.seed, i * 7 + 5);
    const props: Record<string, unknown> = {};
    if (metric.name === 'Placed Order' || metric.name === 'Started Checkout' || metric.name === 'Checkout Started') {
      const items = 1 + (h % 3);
      const value = Math.round(((h >>> 4) % 20000) + 1500) / 100;
      props.$value = value;
      props.OrderId = `${1000 + i}`;
      const names: string[] = [];
      for (let k = 0; k < items; k++) names.push(PRODUCTS[(h + k) % PRODUCTS.length]!);
      props.ItemNames = names;
      props.$event_id = `${metric.name === 'Placed Order' ? 'order' : 'checkout'}_${1000 + i}`;
    } else if (metric.name === 'Added to Cart' || metric.name === 'Viewed Product') {
      props.ProductName = PRODUCTS[h % PRODUCTS.length];
      props.Price = Math.round(((h >>> 3) % 9000) + 900) / 100;
    } else if (metric.name.includes('Email')) {
      props['Campaign Name'] = `Newsletter ${(h % 52) + 1}`;
      props.Subject = 'This week at the shop';
    }
    const a = hash32(this.o.seed + 1, i)
      .toString(16)
      .padStart(8, '0');
    const b = hash32(this.o.seed + 2, i)
      .toString(16)
      .padStart(8, '0');
    return {
      type: 'event',
      id: this.idAt(i),
      attributes: {
        timestamp: Math.floor(t / 1000),
        event_properties: props,
        datetime: isoSeconds(t),
        uuid: `${a}-${b.slice(0, 4)}-11ef-${b.slice(4)}-${a}${b.slice(0, 4)}`,
      },
      relationships: {
        profile: { data: { type: 'profile', id: this.profileAt(i) } },
        metric: { data: { type: 'metric', id: metric.metricId } },
        attributions: { data: [] },
      },
    };
  }
}
