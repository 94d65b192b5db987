import type { SandboxState } from './state.ts';

/** Record ids are 11-digit integers, like the ones Freshsales hands out; one sequence serves every kind of object. */
export const FIRST_ID = 40_000_000_001;

export const takeId = (state: SandboxState): number => state.nextId++;

/** Field ids are UUID-shaped strings; derived from entity and name so they stay the same across resets. */
export function fieldId(entity: string, name: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const text = `${entity}:${name}`;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ text.charCodeAt(text.length - 1 - i), 0x811c9dc5) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
