import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const DOMAIN = ['src/estimator', 'src/scoping', 'src/runner', 'src/reports'];
const FORBIDDEN = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](hono(?:\/[^'"]*)?|@hono\/[^'"]+|node:[^'"]+)['"]/g;

/** Every runtime-specific import in a source text. */
export const forbiddenImports = (text: string) => [...text.matchAll(FORBIDDEN)].map((m) => m[1]);

function* tsFiles(dir: string): Generator<string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // a domain folder that does not exist yet has nothing to check
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) yield* tsFiles(p);
    else if (n.endsWith('.ts')) yield p;
  }
}

describe('domain folders stay runtime-neutral', () => {
  it('the check recognises each forbidden form', () => {
    expect(
      forbiddenImports(`import { Hono } from 'hono';\nimport x from "@hono/node-server";\nconst f = await import('node:fs');\nimport { z } from 'zod';`),
    ).toEqual(['hono', '@hono/node-server', 'node:fs']);
  });

  it('no file under src/{estimator,scoping,runner,reports} imports hono or node:*', () => {
    const offenders = DOMAIN.flatMap((d) =>
      [...tsFiles(join(root, d))].flatMap((f) => forbiddenImports(readFileSync(f, 'utf8')).map((m) => `${relative(root, f)} imports ${m}`)),
    );
    expect(offenders).toEqual([]);
  });
});
