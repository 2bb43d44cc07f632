import type { RequestLog, RequestLogEntry, RequestLogQuery } from './types';

export class MemoryRequestLog implements RequestLog {
  private list: RequestLogEntry[] = [];
  private seq = 0;
  constructor(private readonly limit: number) {}

  push(e: Omit<RequestLogEntry, 'seq'>): void {
    this.list.push({ ...e, seq: ++this.seq });
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
