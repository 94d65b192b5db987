/**
 * The hand-off between readTable (a producer whose sink is synchronous) and a pull-based consumer. The producer asks
 * for `room()` before it pulls the next byte chunk, so the queue holds at most `highWaterMark` rows plus the rows of
 * one chunk, however slowly the consumer drains it.
 */
export class RowQueue<T> {
  /** Most items ever queued at once: the bound a test can check. */
  peak = 0;
  private items: T[] = [];
  private head = 0; // index of the next item to take: shifting a long array on every take is quadratic
  private ended = false;
  private endError: { error: unknown } | undefined;
  private closedBy: { reason: unknown } | undefined;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;
  private readonly closeHooks = new Set<(reason: unknown) => void>();

  constructor(readonly highWaterMark: number) {
    if (!(highWaterMark >= 1)) throw new RangeError(`highWaterMark must be at least 1, got ${highWaterMark}`);
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Producer: adds one item (synchronously, from a sink). Throws once the queue is closed, which stops the parse. */
  push(item: T): void {
    this.throwIfClosed();
    this.items.push(item);
    this.peak = Math.max(this.peak, this.size);
    this.wake('consumer');
  }

  /** Producer: resolves once the consumer has drained the queue below the high-water mark; rejects once closed. */
  async room(): Promise<void> {
    while (this.size >= this.highWaterMark && !this.closedBy) await new Promise<void>((r) => (this.wakeProducer = r));
    this.throwIfClosed();
  }

  /** Producer: no more items; `error` is thrown to the consumer after the items already queued. */
  end(error?: { error: unknown }): void {
    this.ended = true;
    this.endError = error;
    this.wake('consumer');
  }

  /** Consumer: the next item, or undefined at the end. Throws the producer's error after the last item, or the close reason at once. */
  async take(): Promise<T | undefined> {
    while (this.size === 0 && !this.ended && !this.closedBy) await new Promise<void>((r) => (this.wakeConsumer = r));
    this.throwIfClosed();
    if (this.size === 0) {
      if (this.endError) throw this.endError.error;
      return undefined;
    }
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T; // let the row be collected
    if (this.head * 2 >= this.items.length) this.compact();
    if (this.size < this.highWaterMark) this.wake('producer');
    return item;
  }

  /** Either side: stops everything at once (abort, or the consumer walked away); queued items are dropped. */
  close(reason: unknown): void {
    if (this.closedBy) return;
    this.closedBy = { reason };
    this.items = [];
    this.head = 0;
    for (const hook of this.closeHooks) hook(reason);
    this.wake('consumer');
    this.wake('producer');
  }

  /** Runs `hook` on close (e.g. cancelling a pending read); returns its removal. */
  onClose(hook: (reason: unknown) => void): () => void {
    this.closeHooks.add(hook);
    return () => this.closeHooks.delete(hook);
  }

  throwIfClosed(): void {
    if (this.closedBy) throw this.closedBy.reason;
  }

  /** Drops the taken slots once they are at least half the array, so it never grows past twice the queue. */
  private compact(): void {
    this.items = this.items.slice(this.head);
    this.head = 0;
  }

  private wake(side: 'consumer' | 'producer'): void {
    const wake = side === 'consumer' ? this.wakeConsumer : this.wakeProducer;
    if (side === 'consumer') this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    wake?.();
  }
}
