import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SandboxState } from './state.ts';

/** The state saved in `file`, or undefined when there is none yet. A file that is not a sandbox state is an error naming it. */
export function loadStateFile(file: string): SandboxState | undefined {
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`sandbox state file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const s = data as Partial<SandboxState> | null;
  if (!s || s.version !== 1 || typeof s.records !== 'object' || !Array.isArray(s.users) || s.users.length === 0 || typeof s.nextId !== 'number') {
    throw new Error(`sandbox state file ${file} is not a version 1 sandbox state (expected version, nextId, users, records)`);
  }
  return s as SandboxState;
}

/**
 * Writes the state after changes, at most once per `debounceMs`, through a temporary file and a rename so a crash
 * never leaves half a file. flush() writes now (on stop).
 */
export function createStateWriter(file: string, debounceMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: SandboxState | undefined;
  const write = () => {
    timer = undefined;
    if (!pending) return;
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(pending));
    renameSync(tmp, file);
    pending = undefined;
  };
  return {
    schedule(state: SandboxState) {
      pending = state;
      timer ??= setTimeout(write, debounceMs);
    },
    flush() {
      if (timer) clearTimeout(timer);
      write();
    },
  };
}
