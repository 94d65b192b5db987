/**
 * Samples the process's memory every `everyMs` while a phase runs and keeps the sample with the highest RSS. A sample can
 * only be taken when the event loop is free, so the kernel's high-water mark (maxRss) is reported beside it.
 */
export function sampleRss(everyMs = 100) {
  let peak = process.memoryUsage();
  const sample = () => {
    const now = process.memoryUsage();
    if (now.rss > peak.rss) peak = now;
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop(): NodeJS.MemoryUsage {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
/** The kernel's high-water mark of this process's RSS, in bytes. */
export const maxRss = () => process.resourceUsage().maxRSS * 1024;
/** Where the memory of a sample sits: V8's heap, and what lives outside it (native code, libSQL, buffers). */
export const breakdown = (m: NodeJS.MemoryUsage) => `heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)}, external ${mb(m.external)}, other ${mb(m.rss - m.heapTotal - m.external)}`;
