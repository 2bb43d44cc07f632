import type { RequestLog, RequestLogEntry, RequestLogQuery } from './types';

export class MemoryRequestLog implements RequestLog {
  private list: RequestLogEntry[] = [];
  private seq = 0;
  constructor(
    private readonly limit: number,
    private readonly onEntry?: (e: RequestLogEntry) => void,
  ) {}

  push(e: Omit<RequestLogEntry, 'seq'>): void {
    const entry = { ...e, seq: ++this.seq };
    this.list.push(entry);
    this.onEntry?.(entry);
    if (this.list.length > this.limit) this.list.splice(0, this.list.length - this.limit);
  }

  entries(): readonly RequestLogEntry[] {
    return this.list;
  }

  find(q: RequestLogQuery): RequestLogEntry[] {
    return this.list.filter(
      (e) =>
        (q.accountId === undefined || e.accountId === q.accountId) &&
        (q.operationId === undefined || e.operationId === q.operationId) &&
        (q.status === undefined || e.status === q.status) &&
        (q.fault === undefined || e.fault === q.fault) &&
        (q.since === undefined || e.time >= q.since),
    );
  }

  count(q: RequestLogQuery = {}): number {
    return this.find(q).length;
  }

  clear(): void {
    this.list = [];
  }
}
