import { z } from 'zod';
import type { Json, Log, SourceMessage, SourcePosition, SourceRow } from '../../protocol.ts';
import type { ExportRead } from '../exports/index.ts';
import { exportStateSchema } from '../exports/resume.ts';
import type { KartraAnswer, KartraClient } from './client.ts';
import { LOOKUP, LOOKUP_COLUMN, type ColumnField } from './columns.ts';
import type { KartraStreamObject } from './config.ts';
import { KartraError } from './kartra-error.ts';
import { leadRow, recordRow } from './rows.ts';

/**
 * A checkpoint of an API stream: where the read of the contacts export stood (every lead up to there is done) and how
 * many rows the stream had emitted, so a resumed read numbers its rows as the first read did.
 */
const kartraStateSchema = z.strictObject({ export: exportStateSchema, rows: z.int().min(0) });

function parseState(stream: string, state: Json | null) {
  if (state === null) return null;
  const parsed = kartraStateSchema.safeParse(state);
  if (!parsed.success) throw new Error(`${stream}: the resume state is not a checkpoint of a Kartra API stream (${z.prettifyError(parsed.error)})`);
  return parsed.data;
}

export interface StreamRead {
  stream: string;
  object: KartraStreamObject;
  columns: readonly ColumnField[];
  /** The contacts export's column holding the email. */
  emailHeader: string;
  separator: string;
  /** Leads looked up at once; rows still come out in export order. */
  concurrency: number;
  client: KartraClient;
  log: Log;
  /** The contacts export read from `exportState` on, checkpointing every so many leads. */
  openExport(exportState: Json | null): ExportRead;
  /** Stops calls still in flight when the read ends early. */
  stop(): void;
}

type Emitted = { data: SourceRow; position?: SourcePosition }[];

/** The list a retrieve_* answer holds, and each item's details: one call per transaction or subscription. */
const DETAILS = {
  transaction: { list: ['retrieve_transactions_from_lead', 'transaction_list'], detail: ['get_transaction_details', 'transaction_details'], id: 'transaction_id' },
  subscription: { list: ['retrieve_subscriptions_from_lead', 'subscriptions_list'], detail: ['get_subscription_details', 'subscription_details'], id: 'subscription_id' },
} as const;

const isObject = (v: unknown): v is KartraAnswer => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One API stream, driven by the emails of the contacts export. Contacts: every export row comes out (nothing is lost),
 * brought up to date from get_lead, with LOOKUP_COLUMN saying whether Kartra knew the email. Transactions and
 * subscriptions: one row per item Kartra lists for each known lead, its list entry overlaid with its details.
 */
export async function* readStream(r: StreamRead, state: Json | null): AsyncGenerator<SourceMessage> {
  const resume = parseState(r.stream, state);
  let rows = resume?.rows ?? 0;

  const missing = (position: SourcePosition, lookup: string) =>
    r.log('warn', 'Kartra has no live lead for a row of the contacts export', { stream: r.stream, file: position.file, line: position.line, lookup });

  async function contact(data: SourceRow, position: SourcePosition): Promise<Emitted> {
    const email = String(data[r.emailHeader] ?? '').trim();
    if (!email) {
      missing(position, LOOKUP.noEmail);
      return [{ data: { ...data, [LOOKUP_COLUMN]: LOOKUP.noEmail }, position }];
    }
    const found = await r.client.getLead(email);
    if ('missing' in found) {
      missing(position, found.missing);
      return [{ data: { ...data, [LOOKUP_COLUMN]: found.missing }, position }];
    }
    return [{ data: { ...leadRow(data, r.columns, found.lead, r.separator), [LOOKUP_COLUMN]: LOOKUP.found }, position }];
  }

  async function items(kind: 'transaction' | 'subscription', data: SourceRow, position: SourcePosition): Promise<Emitted> {
    const email = String(data[r.emailHeader] ?? '').trim();
    const { list, detail, id } = DETAILS[kind];
    if (!email) {
      missing(position, LOOKUP.noEmail);
      return [];
    }
    let answer: KartraAnswer;
    try {
      answer = await r.client.action(list[0], email);
    } catch (e) {
      const why = e instanceof KartraError ? e.missingLead : null;
      if (!why) throw e;
      missing(position, why);
      return [];
    }
    const out: Emitted = [];
    for (const item of Array.isArray(answer[list[1]]) ? (answer[list[1]] as unknown[]) : []) {
      if (!isObject(item) || item[id] === undefined) throw new KartraError(list[0], null, `Kartra ${list[0]}: an item of ${list[1]} has no ${id}`);
      const details = await r.client.action(detail[0], email, { [id]: String(item[id]) });
      out.push({ data: recordRow(r.columns, { ...item, ...(isObject(details[detail[1]]) ? (details[detail[1]] as KartraAnswer) : {}) }) });
    }
    return out;
  }

  const rowsOf = (data: SourceRow, position: SourcePosition) => (r.object === 'contact' ? contact(data, position) : items(r.object, data, position));

  const ahead: Promise<Emitted | { checkpoint: Json }>[] = [];
  function* emit(done: Emitted | { checkpoint: Json }): Generator<SourceMessage> {
    if (!Array.isArray(done)) {
      yield { type: 'checkpoint', stream: r.stream, state: { export: done.checkpoint, rows } };
      return;
    }
    for (const { data, position } of done) {
      rows++;
      // Rows made from API answers are numbered as if the stream were an export with a header line.
      yield { type: 'record', stream: r.stream, data, position: position ?? { file: r.stream, line: rows + 1 } };
    }
  }

  try {
    for await (const m of r.openExport(resume?.export ?? null)) {
      const next = m.type === 'record' ? rowsOf(m.data, m.position) : Promise.resolve({ checkpoint: m.state });
      next.catch(() => {}); // awaited in order below: this only keeps an early failure from counting as unhandled meanwhile
      ahead.push(next);
      while (ahead.length >= r.concurrency) yield* emit(await ahead.shift()!);
    }
    while (ahead.length) yield* emit(await ahead.shift()!);
  } finally {
    r.stop();
  }
}
