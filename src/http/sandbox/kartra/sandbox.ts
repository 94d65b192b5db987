import { Hono } from 'hono';
import { createFaults, type Faults } from '../freshsales/faults.ts';
import { getLead, KartraFailure, runAction, type Answer } from './commands.ts';
import type { KartraDataset } from './dataset.ts';
import { isTree, parseForm } from './form.ts';

export interface KartraSandboxOptions {
  dataset: KartraDataset;
  appId: string;
  apiKey: string;
  apiPassword: string;
  /** Calls per second per app before 429 (Kartra: 20). */
  callsPerSecond?: number;
  /** The clock the one-second windows are counted on. */
  now?: () => number;
  /** A new app's Test Mode: created leads get an @kartra.com email (default true). */
  testMode?: boolean;
}

export interface KartraSandbox {
  app: Hono<{ Bindings: { incoming?: { socket?: { destroy(): void } } } }>;
  dataset: KartraDataset;
  /** Fault injection (share of 500s, 503s, dropped connections), configured as the Freshsales sandbox's is. */
  faults: Faults;
  /** Calls answered, by command (get_lead or the first action's cmd), and the calls refused with 429. */
  calls(): { byCommand: Record<string, number>; throttled: number; faulted: number };
}

/** The command a request is for, for the call log. */
const commandOf = (form: ReturnType<typeof parseForm>) => {
  if (form.get_lead !== undefined) return 'get_lead';
  const first = isTree(form.actions) ? form.actions['0'] : undefined;
  return isTree(first) && typeof first.cmd === 'string' ? first.cmd : '(none)';
};

/**
 * Kartra's Inbound API over a dataset: one POST endpoint reading form bodies, credentials checked in Kartra's order,
 * at most `callsPerSecond` calls per app in each second (429 beyond), and every other outcome HTTP 200 with a status.
 */
export function createKartraSandbox(options: KartraSandboxOptions): KartraSandbox {
  const { dataset, callsPerSecond = 20, now = Date.now, testMode = true } = options;
  const faults = createFaults();
  const byCommand: Record<string, number> = {};
  let throttled = 0;
  let faulted = 0;
  const windows = new Map<string, { second: number; count: number }>();

  /** Kartra's credential checks, each with its error type. */
  function authenticate(form: ReturnType<typeof parseForm>): void {
    const field = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
    if (!field('app_id')) throw new KartraFailure('238', 'app_id is empty');
    if (field('app_id') !== options.appId) throw new KartraFailure('239', 'Invalid app_id');
    if (!field('api_key')) throw new KartraFailure('202', 'api_key is empty');
    if (field('api_key') !== options.apiKey) throw new KartraFailure('203', 'Invalid api_key');
    if (field('api_password') !== options.apiPassword) throw new KartraFailure('233', 'Invalid api_password');
  }

  function answer(form: ReturnType<typeof parseForm>): Answer {
    authenticate(form);
    if (form.get_lead !== undefined) return getLead(dataset, form.get_lead);
    if (!isTree(form.actions)) throw new KartraFailure('224', '"actions" must be an array');
    const actions = Object.keys(form.actions).sort((a, b) => Number(a) - Number(b));
    const results = actions.map((k) => {
      const action = (form.actions as Record<string, unknown>)[k] as Parameters<typeof runAction>[1];
      try {
        return { cmd: isTree(action) ? String(action.cmd) : '', result: runAction(dataset, action, form.lead, testMode) };
      } catch (e) {
        if (actions.length === 1 || !(e instanceof KartraFailure)) throw e;
        return { cmd: isTree(action) ? String(action.cmd) : '', result: { status: 'Error', message: e.message, type: e.type } };
      }
    });
    // One command answers flat, as the vendor samples show; chained commands each report under their name.
    if (results.length === 1) return results[0]!.result;
    return { status: 'Success', actions: results.map((r) => ({ [r.cmd]: r.result })) };
  }

  const app: KartraSandbox['app'] = new Hono();
  app.post('/api', async (c) => {
    const fault = faults.draw();
    if (fault !== 'none') faulted++;
    if (fault === '500' || fault === '503') return c.text('Server error (injected by the sandbox)', fault === '500' ? 500 : 503);
    if (fault === 'drop' || fault === 'timeout') {
      // A timeout ends as a drop here: the client sees no answer either way. On Node, destroy the socket: the client sees a reset connection. Elsewhere, a body that errors does the same.
      const socket = c.env?.incoming?.socket;
      if (socket) {
        socket.destroy();
        return c.body(null, 500);
      }
      return new Response(new ReadableStream({ start: (ctl) => ctl.error(new Error('connection dropped (injected by the sandbox)')) }));
    }
    const form = parseForm(new URLSearchParams(await c.req.text()));
    const appId = typeof form.app_id === 'string' ? form.app_id : '';
    const second = Math.floor(now() / 1000);
    const current = windows.get(appId);
    if (!current || current.second !== second) windows.set(appId, { second, count: 1 });
    else if (++current.count > callsPerSecond) {
      throttled++;
      return c.text('Too many requests', 429);
    }
    const command = commandOf(form);
    byCommand[command] = (byCommand[command] ?? 0) + 1;
    try {
      return c.json(answer(form));
    } catch (e) {
      if (!(e instanceof KartraFailure)) throw e;
      return c.json({ status: 'Error', message: e.message, type: e.type });
    }
  });

  return { app, dataset, faults, calls: () => ({ byCommand: { ...byCommand }, throttled, faulted }) };
}
