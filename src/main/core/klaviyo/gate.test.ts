import { GateDeadline, PriorityGate } from './gate';

describe('PriorityGate', () => {
  it('caps calls in flight and serves waiting ones by priority, then in arrival order', async () => {
    const gate = new PriorityGate(2);
    const order: string[] = [];
    const a = await gate.acquire(5);
    const b = await gate.acquire(5);
    expect(gate.inFlight).toBe(2);
    const waiting = [
      gate.acquire(2).then((r) => (order.push('low-1'), r)),
      gate.acquire(-3).then((r) => (order.push('critical'), r)),
      gate.acquire(2).then((r) => (order.push('low-2'), r)),
    ];
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    a(); // releasing twice frees one slot only
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['critical']);
    b();
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['critical', 'low-1']);
    (await waiting[1]!)();
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['critical', 'low-1', 'low-2']);
    expect(gate.inFlight).toBe(2);
  });

  it('gives up a waiting place on abort', async () => {
    const gate = new PriorityGate(1);
    const held = await gate.acquire();
    const ac = new AbortController();
    const p = gate.acquire(0, ac.signal);
    ac.abort();
    await expect(p).rejects.toBeDefined();
    held();
    expect(gate.inFlight).toBe(0);
  });
});

describe('PriorityGate deadline', () => {
  it('gives up a waiting place when the deadline passes', async () => {
    const gate = new PriorityGate(1);
    const held = await gate.acquire();
    const t0 = Date.now();
    await expect(gate.acquire(0, undefined, t0 + 50)).rejects.toBeInstanceOf(GateDeadline);
    expect(Date.now() - t0).toBeLessThan(500);
    held();
    expect(gate.inFlight).toBe(0);
    (await gate.acquire(0, undefined, Date.now() + 50))();
  });
});
