import type { RowQueue } from './row-queue.ts';

/**
 * A file's byte chunks as readTable pulls them, each pulled only once `queue` has room: readTable's sink cannot wait,
 * so this is where a slow consumer holds the reading back. Closing the queue cancels the file (even mid-read).
 */
export async function* gatedBody(file: ReadableStream<Uint8Array>, queue: RowQueue<unknown>): AsyncGenerator<Uint8Array> {
  const reader = file.getReader();
  const removeHook = queue.onClose((reason) => void reader.cancel(reason).catch(() => {}));
  try {
    for (;;) {
      await queue.room();
      const chunk = await reader.read();
      queue.throwIfClosed(); // a cancelled read ends like the file did: it must not pass for the end of the file
      if (chunk.done) return;
      yield chunk.value;
    }
  } finally {
    removeHook();
    await reader.cancel().catch(() => {}); // releases the file when readTable stops early; a no-op after the end
  }
}
