// The running Ferry service as the CLI sees it: FERRY_URL and FERRY_TOKEN, the run routes, and its error envelope
// turned into one printable line.
import { z } from 'zod';
import { RunViewShape } from '../../../runner/service/run-view-schema.ts';
import { CliError, type CliIo } from './command.ts';

const DEFAULT_FERRY_URL = 'http://127.0.0.1:8787';

/** The run as the service answers it, checked on arrival so a different answer fails here, naming the field. */
export const RunView = RunViewShape;
export type RunView = RunViewShape;

const ErrorEnvelope = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string(), details: z.unknown().optional() }),
});

export interface StartRunBody {
  scopeId: string;
  scopeVersion?: number;
  mode: RunView['mode'];
  parentRunId?: string;
  source: { kind: 'exports'; dir: string };
  destination: { kind: 'freshsales'; baseUrl: string; apiKey: string; plan: string };
  options: { sampleSize?: number };
}

export interface FerryApi {
  startRun(body: StartRunBody): Promise<RunView>;
  getRun(id: string): Promise<RunView>;
  act(id: string, action: 'pause' | 'resume' | 'rollback'): Promise<RunView>;
  completeStep(id: string, step: string, note?: string): Promise<RunView>;
}

/** A client for the service named by FERRY_URL, authenticated by FERRY_TOKEN (an engineer's API token). */
export function ferryApi(io: CliIo): FerryApi {
  const base = (io.env.FERRY_URL || DEFAULT_FERRY_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(base)) throw new CliError(`FERRY_URL must be an http(s) URL, got "${base}"`);
  const token = io.env.FERRY_TOKEN;
  if (!token) throw new CliError('FERRY_TOKEN is not set: export an engineer API token (POST /api/v1/tokens with role "engineer") as FERRY_TOKEN');

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<RunView> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await io.fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(`cannot reach Ferry at ${base} (${cause?.code ?? cause?.message ?? (e as Error).message}); is it running? FERRY_URL names it`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const envelope = ErrorEnvelope.safeParse(json);
      if (!envelope.success) throw new CliError(`${method} ${path} answered HTTP ${res.status} without a Ferry error body`);
      throw new CliError(formatApiError(envelope.data.error));
    }
    const view = RunView.safeParse(json);
    if (!view.success) {
      const issue = view.error.issues[0]!;
      throw new CliError(`${method} ${path} answered an unexpected run: ${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    return view.data;
  }

  return {
    startRun: (body) => call('POST', '/api/v1/runs', body),
    getRun: (id) => call('GET', `/api/v1/runs/${encodeURIComponent(id)}`),
    act: (id, action) => call('POST', `/api/v1/runs/${encodeURIComponent(id)}/${action}`),
    completeStep: (id, step, note) => call('POST', `/api/v1/runs/${encodeURIComponent(id)}/steps/${encodeURIComponent(step)}`, note ? { note } : {}),
  };
}

/** `<message> (<code>, request <id>)`, then one indented line per validation detail. */
function formatApiError(error: z.infer<typeof ErrorEnvelope>['error']): string {
  const head = `${error.message} (${error.code}, request ${error.requestId})`;
  if (!Array.isArray(error.details)) return head;
  const lines = error.details.map((d: unknown) => {
    const { path, message } = (d ?? {}) as Record<string, unknown>;
    if (typeof message === 'string') return `  ${typeof path === 'string' && path ? `${path}: ` : ''}${message}`;
    return `  ${JSON.stringify(d)}`;
  });
  return [head, ...lines].join('\n');
}
