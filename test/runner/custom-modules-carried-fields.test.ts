import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { generatedExports, signedOffGeneratedScope, type GeneratedExports } from '../helpers/generated.ts';
import { preparedSandbox, startRunBody, runToEnd } from '../helpers/runs.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { proposalFor } from '../scoping/proposal.ts';
import { readGenerated } from './fixtures/read.ts';

// A row carried onto records other rows write (a lookup, an enrichment, custom objects below Enterprise) only fills
// what those records leave empty. So the proposal never sends its columns to a standard field those records fill
// themselves — the carried value would be silently dropped — but to custom fields of its own, named after the source
// object and the column.

type Rec = Record<string, any> & { id: number };
/** As much of a mapping as these checks read (the API's answer and the in-process proposal both have it). */
type Lines = { objects: { row: string; fields: { column: string; target: { kind: string; field?: string } }[] }[] };

/** The standard fields the rows writing `object` records fill, and the targets of a carried row's columns. */
const standardFilled = (m: Lines, rows: string[]) => new Set(m.objects.filter((o) => rows.includes(o.row)).flatMap((o) => o.fields.flatMap((f) => (f.target.kind === 'standard' ? [f.target.field] : []))));
const targetsOf = (m: Lines, row: string) => m.objects.find((o) => o.row === row)!.fields.filter((f) => f.target.kind !== 'ignore').map((f) => ({ column: f.column, target: f.target }));

describe('Promio reviews and calls (carried onto the contact of the customer or lead they name)', () => {
  it('keep every value in contact custom fields of their own, never in a field the lead and customer rows fill', async () => {
    const { mapping } = await proposalFor('promio');
    const filled = standardFilled(mapping, ['lead', 'customer_contact']);
    for (const row of ['review', 'call_recording']) {
      const targets = targetsOf(mapping, row);
      expect(targets.length, row).toBeGreaterThan(3);
      expect(targets.filter((t) => t.target.kind === 'standard' && filled.has(t.target.field)), row).toEqual([]);
      expect(targets.filter((t) => t.target.kind !== 'custom'), row).toEqual([]);
    }
    // The call's own number stays beside the person's: a column of its own, named after the call.
    const caller = targetsOf(mapping, 'call_recording').find((t) => t.column === 'Caller number')!.target;
    expect(caller).toMatchObject({ kind: 'custom', label: 'Call Recording Caller number' });
  });
});

describe("Profi packages (carried onto the deal of each session naming them)", () => {
  let server: TestServer;
  let exports: GeneratedExports;
  let sandbox: RunningSandbox;
  let scope: Awaited<ReturnType<typeof signedOffGeneratedScope>>;
  let deals: Rec[];

  beforeAll(async () => {
    server = await startTestServer();
    exports = generatedExports('profi', { scale: 30, seed: 11 });
    scope = await signedOffGeneratedScope(server, 'profi', exports);
    sandbox = await preparedSandbox(scope.setup);
    const run = await runToEnd(server, scope.engineer, startRunBody(scope.scopeId, exports.dir, sandbox, 'full'), 60_000);
    if (run.status !== 'completed') throw new Error(`run: ${run.status} ${run.error}`);
    deals = Object.values((await (await fetch(`${sandbox.url}/_sandbox/state`)).json()).records?.deals ?? {}) as Rec[];
  }, 90_000);
  afterAll(async () => {
    await sandbox?.stop();
    exports?.remove();
    await server?.stop();
  });

  it('map the package name, sessions left, billing frequency and renewal date to deal custom fields, and nothing onto what a session fills', () => {
    const filled = standardFilled(scope.mapping, ['session']);
    const targets = targetsOf(scope.mapping, 'package');
    expect(targets.filter((t) => t.target.kind === 'standard' && filled.has(t.target.field))).toEqual([]);
    for (const column of ['Package name', 'Sessions left', 'Billing frequency', 'Next renewal']) expect(targets.find((t) => t.column === column)?.target.kind, column).toBe('custom');
    expect(targets.find((t) => t.column === 'Package name')!.target).toMatchObject({ name: 'cf_package_name' });
  });

  it("a session's deal keeps its own title as its name and its package's name beside it", async () => {
    const read = async (name: string) => [...(await readGenerated({ name, bytes: readFileSync(join(exports.dir, name)) })).byLine.values()] as Record<string, string>[];
    const packages = new Map((await read('packages.csv')).map((p) => [p['Package ID']!, p]));
    const sessions = (await read('sessions.csv')).filter((s) => packages.has(s.Package!));
    expect(sessions.length).toBeGreaterThan(0);
    let checked = 0;
    for (const s of sessions) {
      const deal = deals.find((d) => d.custom_field?.cf_ferry_source_id === `session:${s['Session ID']}`);
      if (!deal) continue;
      expect(deal.name).toBe(s['Session title']);
      expect(deal.custom_field.cf_package_name).toBe(packages.get(s.Package!)!['Package name']);
      expect(deal.name).not.toBe(deal.custom_field.cf_package_name);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
