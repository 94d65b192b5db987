import { z } from 'zod';
import { Pair } from './schema/pair.ts';
import { Platform, type DestinationPlatform, type SourcePlatform } from './schema/platform.ts';

/** One problem found in the knowledge base, located by file and JSON path. */
export interface KnowledgeIssue {
  file: string;
  path: string;
  message: string;
}

export class KnowledgeBaseError extends Error {
  readonly issues: KnowledgeIssue[];
  constructor(issues: KnowledgeIssue[]) {
    super(
      `knowledge base is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  ${i.file} ${i.path}: ${i.message}`).join('\n'),
    );
    this.name = 'KnowledgeBaseError';
    this.issues = issues;
  }
}

export interface RawFile {
  file: string;
  data: unknown;
}

export interface ValidatedKnowledge {
  platforms: Platform[];
  pairs: Pair[];
}

/** A zod issue path as `$.a[0].b`, the way every knowledge-base error names its location. */
export const jsonPath = (path: readonly PropertyKey[]) =>
  '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');

/** One problem with a request, located by a dotted path into it. */
export interface Issue {
  path: string;
  message: string;
}

/** zod issues as `[{ path, message }]` with dotted paths a client can point at. */
export const issueList = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): Issue[] =>
  issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));

/** A parser that records every schema problem of a rule file in `issues` (located by file and JSON path) instead of throwing. */
export const fileParser =
  (issues: KnowledgeIssue[]) =>
  <T>(schema: z.ZodType<T>, f: RawFile): T | undefined => {
    const r = schema.safeParse(f.data);
    if (r.success) return r.data;
    for (const i of r.error.issues) issues.push({ file: f.file, path: jsonPath(i.path), message: i.message });
    return undefined;
  };

/** Reports each id that occurs more than once in `items`. */
function duplicates(file: string, path: string, ids: string[], issues: KnowledgeIssue[]) {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) issues.push({ file, path: `${path}[${i}].id`, message: `duplicate id "${id}"` });
    seen.add(id);
  });
}

/**
 * Parses every platform and pair file through its zod schema, then checks what a schema cannot:
 * unique ids, and that every object a pair names exists on its platforms. Throws one error listing all problems.
 */
export function validateKnowledge(input: { platforms: RawFile[]; pairs: RawFile[] }): ValidatedKnowledge {
  const issues: KnowledgeIssue[] = [];
  const parse = fileParser(issues);

  const platforms = input.platforms.map((f) => ({ f, p: parse(Platform, f) }));
  const pairs = input.pairs.map((f) => ({ f, p: parse(Pair, f) }));

  duplicates('rules/platforms', '$', platforms.flatMap(({ p }) => (p ? [p.id] : [])), issues);
  const byId = new Map<string, Platform>();
  for (const { f, p } of platforms) {
    if (!p) continue;
    byId.set(p.id, p);
    const expected = `rules/platforms/${p.id}.json`;
    if (!f.file.endsWith(expected)) issues.push({ file: f.file, path: '$.id', message: `id "${p.id}" must match the file name ${expected}` });
    duplicates(f.file, '$.objects', p.objects.map((o) => o.id), issues);
    duplicates(f.file, '$.gotchas', p.gotchas.map((g) => g.id), issues);
    p.objects.forEach((o, oi) => duplicates(f.file, `$.objects[${oi}].fields`, o.fields.map((x) => x.id), issues));
    // Memberships name an object of the same platform: a field's list, a list's member records.
    const own = new Set(p.objects.map((o) => o.id));
    p.objects.forEach((o, oi) => {
      o.fields.forEach((x, fi) => {
        if (x.membershipOf && !own.has(x.membershipOf)) issues.push({ file: f.file, path: `$.objects[${oi}].fields[${fi}].membershipOf`, message: `"${x.membershipOf}" is not an object of ${p.id}` });
      });
      if (o.recordTypeField && !o.fields.some((x) => x.id === o.recordTypeField))
        issues.push({ file: f.file, path: `$.objects[${oi}].recordTypeField`, message: `"${o.recordTypeField}" is not a field of ${o.id}` });
      const members = 'members' in o ? o.members : undefined;
      if (members && !own.has(members.object)) issues.push({ file: f.file, path: `$.objects[${oi}].members.object`, message: `"${members.object}" is not an object of ${p.id}` });
    });
    if (p.role === 'source') {
      const objectIds = new Set(p.objects.map((o) => o.id));
      p.channels.export.files.forEach((ef, i) => {
        if (!objectIds.has(ef.object))
          issues.push({ file: f.file, path: `$.channels.export.files[${i}].object`, message: `unknown object "${ef.object}" (known: ${[...objectIds].join(', ')})` });
      });
    } else {
      duplicates(f.file, '$.plans', p.plans.map((x) => x.id), issues);
    }
  }

  const pairKeys: string[] = [];
  for (const { f, p } of pairs) {
    if (!p) continue;
    pairKeys.push(`${p.source}--${p.destination}`);
    const expected = `rules/pairs/${p.source}--${p.destination}.json`;
    if (!f.file.endsWith(expected)) issues.push({ file: f.file, path: '$', message: `source/destination must match the file name ${expected}` });
    const src = byId.get(p.source);
    const dst = byId.get(p.destination);
    if (src?.role !== 'source') issues.push({ file: f.file, path: '$.source', message: `"${p.source}" is not a source platform` });
    if (dst?.role !== 'destination') issues.push({ file: f.file, path: '$.destination', message: `"${p.destination}" is not a destination platform` });
    duplicates(f.file, '$.rows', p.rows.map((r) => r.id), issues);
    duplicates(f.file, '$.challenges', p.challenges.map((r) => r.id), issues);
    duplicates(f.file, '$.approach', p.approach.map((r) => r.id), issues);
    duplicates(f.file, '$.notMigrated', p.notMigrated.map((r) => r.id), issues);
    const rowIds = new Set(p.rows.map((r) => r.id));
    const srcObjects = new Set((src as SourcePlatform | undefined)?.objects.map((o) => o.id) ?? []);
    const dstObjects = new Set((dst as DestinationPlatform | undefined)?.objects.map((o) => o.id) ?? []);
    p.rows.forEach((r, i) => {
      if (src && !srcObjects.has(r.source.object))
        issues.push({ file: f.file, path: `$.rows[${i}].source.object`, message: `"${r.source.object}" is not an object of ${p.source}` });
      r.destination.objects.forEach((o, j) => {
        if (dst && !dstObjects.has(o))
          issues.push({ file: f.file, path: `$.rows[${i}].destination.objects[${j}]`, message: `"${o}" is not an object of ${p.destination}` });
      });
      r.dependsOn.forEach((d, j) => {
        if (!rowIds.has(d)) issues.push({ file: f.file, path: `$.rows[${i}].dependsOn[${j}]`, message: `"${d}" is not a row of this pair` });
        if (d === r.id) issues.push({ file: f.file, path: `$.rows[${i}].dependsOn[${j}]`, message: 'a row cannot depend on itself' });
      });
      for (const key of ['writesTo', 'fallbackWritesTo'] as const) {
        const o = r[key];
        if (dst && o && !dstObjects.has(o)) issues.push({ file: f.file, path: `$.rows[${i}].${key}`, message: `"${o}" is not an object of ${p.destination}` });
      }
      if (r.handling === 'migrate' && r.destination.objects.length === 0)
        issues.push({ file: f.file, path: `$.rows[${i}].destination.objects`, message: 'a row that migrates needs at least one destination object' });
    });
    p.loadOrder.forEach((o, i) => {
      if (dst && !dstObjects.has(o)) issues.push({ file: f.file, path: `$.loadOrder[${i}]`, message: `"${o}" is not an object of ${p.destination}` });
    });
    duplicates(f.file, '$.loadOrder', p.loadOrder, issues);
  }
  duplicates('rules/pairs', '$', pairKeys, issues);

  if (issues.length) throw new KnowledgeBaseError(issues);
  return {
    platforms: platforms.map(({ p }) => p!),
    pairs: pairs.map(({ p }) => p!),
  };
}
