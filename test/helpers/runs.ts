import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFreshsalesSandbox, type RunningSandbox, type StartOptions } from '../../src/http/sandbox/freshsales/start.node.ts';
import { needsWorker } from '../../src/runner/statuses.ts';
import { FIELD_SELECTORS } from '../../src/runner/transform/choices.ts';
import { jsonInit, type TestServer } from './server.ts';
import { answerAll, createScope, discover, EXPORTS_DIR, expectedFor, fixtureUpload, tokenFor, type Mapping, type MappingVersion } from './scoping.ts';

export const SANDBOX_KEY = 'runner-sandbox-key-01';

interface Setup {
  customFields: { entity: string | null; label: string; type: string; choices: string[] }[];
  choices: { field: string; values: string[] }[];
  pipelines: { name: string; stages: string[] }[];
  users: { email: string; role: 'owner' | 'fallback' }[];
}

/** How a test takes a scope through discovery: the upload, and how the engineer settles the proposal. */
export interface ScopeRecipe {
  upload?: FormData;
  /** The mapping the engineer saves: by default every open question answered with its first suggestion. */
  settle?: (mapping: Mapping, questions: MappingVersion['openQuestions']) => Mapping;
  /** Distinguishes the users of scopes of one platform made in one test server. */
  tag?: string;
  /** The Freshsales plan the scope is made for (default pro). */
  plan?: string;
}

/** A scope of `platform` taken through discovery, answers, approval and customer sign-off, as the runner requires. */
export async function signedOffScope(server: TestServer, platform: string, recipe: ScopeRecipe = {}) {
  const who = recipe.tag ? `${recipe.tag}-${platform}` : platform;
  const sales = await tokenFor(server, 'sales', `sales-${who}@acme.test`);
  const engineer = await tokenFor(server, 'engineer', `engineer-${who}@acme.test`);
  const scopeId = (await createScope(server, sales, platform, recipe.plan)).id;
  const res = await discover(server, sales, scopeId, recipe.upload ?? fixtureUpload(platform));
  if (res.status !== 201) throw new Error(`discovery of the ${platform} export: ${res.status} ${await res.text()}`);
  const discovery = await res.json();
  const v1 = (await (await server.call(`/api/v1/scopes/${scopeId}/mapping`, { token: sales })).json()) as MappingVersion;
  const settled = (recipe.settle ?? answerAll)(v1.mapping, v1.openQuestions);
  const saved = await server.call(`/api/v1/scopes/${scopeId}/mapping`, jsonInit('PUT', { mapping: settled }, sales));
  if (saved.status !== 201) throw new Error(`mapping: ${saved.status} ${(await saved.text()).slice(0, 500)}`);
  const v2 = (await saved.json()) as MappingVersion;
  const approved = await server.call(`/api/v1/scopes/${scopeId}/approve`, jsonInit('POST', { version: v2.version, hash: v2.hash }, sales));
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${await approved.text()}`);
  const link = await (await server.call(`/api/v1/scopes/${scopeId}/signoff-links`, jsonInit('POST', {}, sales))).json();
  const signed = await server.call(`/api/v1/signoff/${link.token}`, jsonInit('POST', { name: 'Casey Customer', email: 'casey@customer.test', accept: true }));
  if (signed.status !== 200) throw new Error(`sign-off: ${signed.status} ${await signed.text()}`);
  const view = await (await server.call(`/api/v1/scopes/${scopeId}`, { token: sales })).json();
  return { scopeId, version: v2.version, proposed: v1.mapping, mapping: v2.mapping, discovery, setup: view.setup as Setup, sales, engineer };
}

/**
 * A sandbox account an admin has prepared from the scope's setup checklist: the custom fields, the dropdown choices
 * and (unless left out, to exercise the owner gate) the users.
 */
export async function preparedSandbox(setup: Setup, opts: { withUsers?: boolean } & Omit<StartOptions, 'seed'> = {}): Promise<RunningSandbox> {
  const selectors: Record<string, { name: string }[]> = {};
  for (const c of setup.choices) {
    const selector = FIELD_SELECTORS[c.field.split('.')[1]!];
    // Fields of several kinds may draw on one list (a contact's and a Classic lead's lead sources): it offers all their values.
    if (selector && selector !== 'deal_stages' && selector !== 'deal_pipelines') selectors[selector] = [...new Set([...(selectors[selector] ?? []).map((s) => s.name), ...c.values])].map((name) => ({ name }));
  }
  // Pipelines are made by hand in Freshsales (no API): the admin adds each one the checklist names beyond the default.
  const pipelines = setup.pipelines.filter((p) => p.name !== 'Default Pipeline' && p.stages.length).map((p) => ({ name: p.name, stages: p.stages.map((s) => ({ name: s })) }));
  return startFreshsalesSandbox({
    apiKey: SANDBOX_KEY,
    plan: 'pro',
    ...opts,
    seed: {
      fields: setup.customFields.filter((f) => f.entity).map((f) => ({ entity: f.entity!, label: f.label, type: f.type as 'text', ...(f.choices.length ? { choices: f.choices } : {}) })),
      users: opts.withUsers === false ? [] : setup.users.map((u) => ({ display_name: u.email.split('@')[0]!, email: u.email })),
      selectors,
      ...(pipelines.length ? { pipelines } : {}),
    },
  });
}

/** A copy of a platform's fixture exports in a fresh directory (what an engineer points --source-dir at). */
export function exportDir(platform: string) {
  const dir = mkdtempSync(join(tmpdir(), `ferry-exports-${platform}-`));
  const expected = expectedFor(platform);
  for (const name of readdirSync(join(EXPORTS_DIR, platform))) {
    if (name === 'expected.json' || name === expected.workflows || name === 'make.py') continue;
    cpSync(join(EXPORTS_DIR, platform, name), join(dir, name));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}


/** Polls a run until it stops working (completed, failed, paused, awaiting owners, rolled back). */
export async function waitForRun(server: TestServer, token: string, runId: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const view = await (await server.call(`/api/v1/runs/${runId}`, { token })).json();
    if (!needsWorker(view.status) && !(view.status === 'paused' && view.pauseReason === 'budget')) return view;
    if (Date.now() > until) throw new Error(`run ${runId} still ${view.status} after ${timeoutMs} ms: ${JSON.stringify(view)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a run (POST /runs, which must answer 201) and waits until it stops working. */
export async function runToEnd(server: TestServer, token: string, body: Record<string, unknown>, timeoutMs?: number) {
  const res = await server.call('/api/v1/runs', jsonInit('POST', body, token));
  if (res.status !== 201) throw new Error(`start: ${res.status} ${await res.text()}`);
  return waitForRun(server, token, (await res.json()).id, timeoutMs);
}

/** Rolls a run back (the request must answer 202), waits for `rolled_back`, and returns the rollback report. */
export async function rolledBack(server: TestServer, token: string, runId: string, timeoutMs?: number): Promise<{ problems: unknown[] } & Record<string, any>> {
  const res = await server.call(`/api/v1/runs/${runId}/rollback`, { method: 'POST', token });
  if (res.status !== 202) throw new Error(`rollback: ${res.status} ${await res.text()}`);
  const done = await waitForRun(server, token, runId, timeoutMs);
  if (done.status !== 'rolled_back') throw new Error(`rollback of ${runId} ended ${done.status}: ${JSON.stringify(done.error)}`);
  return (await server.call(`/api/v1/runs/${runId}/rollback`, { token })).json();
}

export const startRunBody = (scopeId: string, dir: string, sandbox: RunningSandbox, mode: string, extra: Record<string, unknown> = {}) => ({
  scopeId,
  mode,
  source: { kind: 'exports', dir },
  destination: { kind: 'freshsales', baseUrl: sandbox.suiteBaseUrl, apiKey: sandbox.apiKey, plan: 'pro' },
  ...extra,
});

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * A Kartra-shaped export `copies` times the size of the fixture: every fixture row repeated with its ids and emails made
 * unique per copy (and the references between files kept consistent), so the same scope applies at any size.
 */
export function scaledKartraExport(copies: number) {
  const { dir, remove } = exportDir('kartra');
  const ID_COLUMNS = new Set(['Lead ID', 'Subscription ID', 'Transaction ID']);
  const EMAIL_COLUMNS = new Set(['Email', 'Subscriber Email', 'Buyer Email']);
  for (const name of readdirSync(dir)) {
    const rows = parse(readFileSync(join(dir, name), 'utf8'), { relaxColumnCount: true }) as string[][];
    const [header, ...body] = rows;
    const out = [header!.map(csvCell).join(',')];
    for (let k = 0; k < copies; k++) {
      for (const row of body) {
        out.push(
          row
            .map((cell, i) => {
              const column = header![i]!;
              if (cell === '' || cell === 'N/A') return cell;
              if (ID_COLUMNS.has(column)) return /^\d+$/.test(cell) ? String(Number(cell) + k * 1000) : `${cell}-${k}`;
              if (EMAIL_COLUMNS.has(column) && cell.includes('@')) return `c${k}.${cell}`;
              // Freshsales keeps mobile numbers unique, so each copy gets its own.
              if (column === 'Phone' && /^\d+$/.test(cell)) return `${cell.slice(0, -3)}${String(k).padStart(3, '0')}`;
              return cell;
            })
            .map(csvCell)
            .join(','),
        );
      }
    }
    writeFileSync(join(dir, name), out.join('\n') + '\n');
  }
  return { dir, remove };
}
