import type { LoadBatch, LoadRecord, WriteOutcome } from '../../protocol.ts';
import type { FreshsalesClient, RecordEntity } from './client.ts';
import { FreshsalesError } from './errors.ts';
import { jobResults } from './job-results.ts';
import type { FreshsalesJobStatus } from './schemas.ts';

/** How long bulk upsert jobs take, so polls stay few. */
export interface JobTiming {
  /** What a job is expected to spend per record: the first poll comes after records × this. */
  msPerRecord: number;
  /** The least wait between two polls. */
  pollIntervalMs: number;
  /** A job still running after this long is given up on (retryable: upserts are idempotent). */
  timeoutMs: number;
}

export interface WriteDeps {
  client: FreshsalesClient;
  now: () => Date;
  /** Waits on the run's clock. */
  sleep: (ms: number) => Promise<void>;
  timing: JobTiming;
}

const DONE = /^(completed?|done|finished|succeeded|success(ful)?)$/i;
const FAILED = /^(failed|error|aborted|cancell?ed)$/i;
/** Lookup's field for an identifier key (cf_ fields are looked up by their own name). */
const LOOKUP_FIELD: Record<string, string> = { emails: 'email', email: 'email', name: 'name', mobile_number: 'mobile_number' };

const written = (r: LoadRecord, id: number | string): WriteOutcome => ({ sourceKey: r.sourceKey, status: 'written', destinationId: String(id) });
const failed = (r: LoadRecord, code: string, message: string, retryable: boolean): WriteOutcome => ({
  sourceKey: r.sourceKey,
  status: 'failed',
  error: { code, message, retryable },
});
const refused = (r: LoadRecord, messages: string[]) =>
  failed(r, 'FRESHSALES_VALIDATION', messages.length ? messages.join('; ') : 'refused by Freshsales without a reason', false);

/** Deals show their contacts as contact_ids but take them as contacts_added_list: the API refuses contact_ids on write. */
function writeForm(entity: RecordEntity, data: Record<string, unknown>): Record<string, unknown> {
  if (entity !== 'deals' || !('contact_ids' in data)) return data;
  const { contact_ids: contactIds, ...rest } = data;
  return { ...rest, contacts_added_list: contactIds };
}

async function upsertOne(client: FreshsalesClient, entity: RecordEntity, record: LoadRecord): Promise<WriteOutcome> {
  try {
    const { record: saved } = await client.upsert(entity, record.identifier, writeForm(entity, record.data));
    return written(record, saved.id);
  } catch (e) {
    if (e instanceof FreshsalesError && e.code === 'FRESHSALES_VALIDATION') return refused(record, e.details.messages ?? [e.message]);
    throw e;
  }
}

/** Polls a bulk upsert job until it ends: first after the time its records should take, then as its progress suggests. */
async function finishedJob(deps: WriteDeps, entity: RecordEntity, jobId: string, count: number): Promise<FreshsalesJobStatus> {
  const { msPerRecord, pollIntervalMs, timeoutMs } = deps.timing;
  const started = deps.now().getTime();
  let wait = count * msPerRecord;
  for (;;) {
    await deps.sleep(wait);
    const job = await deps.client.jobStatus(jobId);
    const progress = job.progress ?? 0;
    if (FAILED.test(job.status)) {
      // A failed job that still lists its records says which ones failed; one that does not is retried whole.
      if (Array.isArray((job.data as { records?: unknown } | undefined)?.records)) return job;
      throw new FreshsalesError('FRESHSALES_SERVER', `bulk upsert job ${jobId} of ${count} ${entity} ended "${job.status}"`, 0);
    }
    if (DONE.test(job.status) || progress >= 100) return job;
    const elapsed = deps.now().getTime() - started;
    if (elapsed >= timeoutMs) {
      throw new FreshsalesError('FRESHSALES_SERVER', `bulk upsert job ${jobId} of ${count} ${entity} still "${job.status}" at ${progress}% after ${elapsed} ms`, 0);
    }
    wait = Math.max(pollIntervalMs, Math.ceil(((100 - progress) / 100) * count * msPerRecord));
  }
}

/** A record the job gave no result for: found by its identifier, or failed saying why it could not be confirmed. */
async function confirmByLookup(client: FreshsalesClient, entity: RecordEntity, record: LoadRecord, jobId: string): Promise<WriteOutcome> {
  const [key, value] = Object.entries(record.identifier)[0] ?? [];
  if (key === 'id' && value !== undefined) return written(record, value);
  const field = key?.startsWith('cf_') ? key : LOOKUP_FIELD[key ?? ''];
  const why = `bulk upsert job ${jobId} gave no result for this record`;
  if (!field || value === undefined) return failed(record, 'FRESHSALES_UNCONFIRMED', `${why}, and its identifier (${key ?? 'none'}) cannot be looked up`, false);
  const found = await client.lookup(entity, field, String(value));
  if (found.length === 1) return written(record, found[0]!.id);
  if (found.length === 0) return failed(record, 'FRESHSALES_UNCONFIRMED', `${why}, and lookup by its ${key} finds none`, true);
  return failed(record, 'FRESHSALES_UNCONFIRMED', `${why}, and lookup by its ${key} finds ${found.length} ${entity}`, false);
}

/**
 * Writes one batch by upsert on each record's identifier, so writing it again updates the same records. One record
 * goes through the single upsert; more go through one bulk upsert job, polled until it ends. Records the API refuses
 * come back failed with its messages; a call that fails as a whole throws (a FreshsalesError saying if it is retryable).
 */
export async function writeBatch(deps: WriteDeps, batch: LoadBatch & { entity: RecordEntity }): Promise<WriteOutcome[]> {
  const { entity, records } = batch;
  if (records.length === 0) return [];
  if (records.length === 1) return [await upsertOne(deps.client, entity, records[0]!)];
  const { jobId } = await deps.client.bulkUpsert(
    entity,
    records.map((r) => ({ identifier: r.identifier, data: writeForm(entity, r.data) })),
  );
  const results = jobResults((await finishedJob(deps, entity, jobId, records.length)).data, records.length);
  const outcomes: WriteOutcome[] = [];
  for (const [i, record] of records.entries()) {
    const result = results[i];
    if (result?.status === 'written') outcomes.push(written(record, result.id));
    else if (result?.status === 'failed') outcomes.push(refused(record, result.messages));
    else outcomes.push(await confirmByLookup(deps.client, entity, record, jobId));
  }
  return outcomes;
}
