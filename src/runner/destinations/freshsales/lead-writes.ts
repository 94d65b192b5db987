import type { LoadBatch, LoadRecord, WriteOutcome } from '../../protocol.ts';
import { PROVENANCE_FIELDS } from '../../provenance.ts';
import type { FreshsalesClient } from './client.ts';
import { FreshsalesError } from './errors.ts';
import type { FreshsalesRecord } from './schemas.ts';
import { snapshotRecords } from './snapshot.ts';

const SOURCE_ID = PROVENANCE_FIELDS[0].name;

const written = (r: LoadRecord, id: number | string): WriteOutcome => ({ sourceKey: r.sourceKey, status: 'written', destinationId: String(id) });
const failed = (r: LoadRecord, code: string, message: string): WriteOutcome => ({ sourceKey: r.sourceKey, status: 'failed', error: { code, message, retryable: false } });

const folded = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim().toLowerCase() : '');
const sourceIdOf = (data: Record<string, unknown>) => folded((data.custom_field as Record<string, unknown> | undefined)?.[SOURCE_ID]);

/** The account's leads by Ferry's source id and by email, read through the All Leads view. */
async function leadsIndex(client: FreshsalesClient) {
  const bySourceId = new Map<string, FreshsalesRecord>();
  const byEmail = new Map<string, FreshsalesRecord>();
  for await (const page of snapshotRecords(client, 'leads')) {
    for (const lead of page) {
      const sourceId = sourceIdOf(lead);
      if (sourceId) bySourceId.set(sourceId, lead as FreshsalesRecord);
      if (folded(lead.email)) byEmail.set(folded(lead.email), lead as FreshsalesRecord);
    }
  }
  return {
    /** The lead an earlier attempt made for this record: by its source id, else by the email that identifies it. */
    find(record: LoadRecord): FreshsalesRecord | undefined {
      const email = folded(record.identifier.email);
      return bySourceId.get(sourceIdOf(record.data)) ?? (email ? byEmail.get(email) : undefined);
    },
  };
}

async function writeOne(client: FreshsalesClient, record: LoadRecord, earlier: FreshsalesRecord | undefined): Promise<WriteOutcome> {
  const id = record.update ?? (earlier ? String(earlier.id) : undefined);
  try {
    if (id !== undefined) return written(record, (await client.update('leads', Number(id), record.data)).id);
    return written(record, (await client.create('leads', record.data)).id);
  } catch (e) {
    if (!(e instanceof FreshsalesError)) throw e;
    if (e.code === 'FRESHSALES_VALIDATION') return failed(record, e.code, (e.details.messages ?? [e.message]).join('; ') || 'refused by Freshsales without a reason');
    if (e.code === 'FRESHSALES_NOT_FOUND' && id !== undefined) return failed(record, e.code, `the lead ${id} this row was to update is no longer in Freshsales; run again to create it afresh`);
    throw e;
  }
}

/**
 * Writes Classic leads one call per record: Freshsales documents no upsert for leads, so nothing on its side makes a
 * second create land on the first. A lead the account held before the run comes with its id (`update`, found by the
 * pipeline in its snapshot) and is updated in place. A batch that may have been written before (a retried call, or
 * the window a crash interrupted) first reads the account's leads once, and updates the lead carrying the row's source
 * id or email instead of creating another. The normal path stays at one call per lead. A failure of the whole call
 * throws, so the pipeline retries the batch as `retried`.
 */
export async function writeLeads(client: FreshsalesClient, batch: LoadBatch): Promise<WriteOutcome[]> {
  const index = batch.retried ? await leadsIndex(client) : undefined;
  const outcomes: WriteOutcome[] = [];
  for (const record of batch.records) outcomes.push(await writeOne(client, record, record.update === undefined ? index?.find(record) : undefined));
  return outcomes;
}
