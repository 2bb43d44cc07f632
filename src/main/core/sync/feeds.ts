/**
 * Parent ids streamed to child listings as the parent's pages are staged, so children start with the first parent
 * page instead of after the whole parent listing (parent and child operations have separate rate limits).
 */
export type Feed = { ids: string[]; closed: boolean; waiters: (() => void)[] };

export class ParentFeeds {
  private readonly feeds = new Map<string, Feed>();

  private static key(parent: string, child: string): string {
    return `${parent}>${child}`;
  }

  open(parent: string, child: string): void {
    this.feeds.set(ParentFeeds.key(parent, child), { ids: [], closed: false, waiters: [] });
  }

  /** the feed of one child resource; a closed, empty one when its parent is not listed in this run */
  get(parent: string, child: string): Feed {
    return this.feeds.get(ParentFeeds.key(parent, child)) ?? { ids: [], closed: true, waiters: [] };
  }

  /** these parents are staged: their children can be listed now */
  push(parent: string, ids: string[]): void {
    for (const [k, fd] of this.feeds) {
      if (!k.startsWith(`${parent}>`)) continue;
      fd.ids.push(...ids);
      ParentFeeds.wake(fd);
    }
  }

  /** the parent's listing ended: no more ids will come */
  close(parent: string): void {
    for (const [k, fd] of this.feeds) {
      if (!k.startsWith(`${parent}>`)) continue;
      fd.closed = true;
      ParentFeeds.wake(fd);
    }
  }

  /** wakes every waiting child listing (the run is stopping: they look at the signal and end) */
  wakeAll(): void {
    for (const fd of this.feeds.values()) ParentFeeds.wake(fd);
  }

  /** waits for the next push or close */
  static wait(fd: Feed): Promise<void> {
    return new Promise<void>((resolve) => fd.waiters.push(resolve));
  }

  private static wake(fd: Feed): void {
    for (const w of fd.waiters.splice(0)) w();
  }
}
