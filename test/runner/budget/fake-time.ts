/**
 * A clock and sleep the test drives: sleeps wait until `advance` moves the clock past them, so a test sees exactly
 * who waits, until when, and in what order things resume. No real time passes.
 */
export function fakeTime(start = '2025-03-03T15:00:00Z') {
  let t = Date.parse(start);
  const timers: Array<{ at: number; resolve: () => void }> = [];
  /** Lets every promise chain that can run, run. */
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return {
    now: () => new Date(t),
    sleep(ms: number, signal?: AbortSignal): Promise<void> {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = { at: t + ms, resolve };
        timers.push(timer);
        signal?.addEventListener('abort', () => (timers.splice(timers.indexOf(timer), 1), reject(signal.reason)), { once: true });
      });
    },
    /** When the earliest pending sleep ends, or null. */
    nextWake: () => (timers.length ? Math.min(...timers.map((x) => x.at)) : null),
    settle,
    /** Moves the clock `ms` forward, waking each sleeper at its own time, in order. */
    async advance(ms: number) {
      const target = t + ms;
      await settle();
      for (;;) {
        const due = timers.filter((x) => x.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers.splice(timers.indexOf(due), 1);
        t = due.at;
        due.resolve();
        await settle();
      }
      t = target;
      await settle();
    },
    iso: () => new Date(t).toISOString(),
  };
}
