import type { ActivityEntity, LoadBatch, LoadRecord, WriteOutcome } from '../../protocol.ts';
import type { FreshsalesClient, RecordEntity } from './client.ts';
import { FreshsalesError } from './errors.ts';
import type { FreshsalesRecord } from './schemas.ts';

/** The collection a targetable_type names. */
const TARGET_COLLECTION: Record<string, RecordEntity> = { Contact: 'contacts', SalesAccount: 'sales_accounts', Deal: 'deals' };

const written = (r: LoadRecord, id: number | string): WriteOutcome => ({ sourceKey: r.sourceKey, status: 'written', destinationId: String(id) });
const failed = (r: LoadRecord, code: string, message: string): WriteOutcome => ({ sourceKey: r.sourceKey, status: 'failed', error: { code, message, retryable: false } });

/** Only sales activities take custom fields; the rest refuse even an empty custom_field. */
function writeForm(entity: ActivityEntity, data: Record<string, unknown>): Record<string, unknown> {
  if (entity === 'sales_activities' || !('custom_field' in data)) return data;
  const { custom_field: _custom, ...rest } = data;
  return rest;
}

/** Whether some text attribute of the record holds the marker as a line of its own. */
const carries = (record: FreshsalesRecord, marker: string) =>
  Object.values(record).some((v) => typeof v === 'string' && v.replace(/\r\n?/g, '\n').split('\n').some((line) => line.trim() === marker));

/** A record an earlier attempt created for this row: the targetable's activities of this kind, searched for the row's marker. */
async function createdEarlier(client: FreshsalesClient, entity: ActivityEntity, data: Record<string, unknown>, marker: string): Promise<FreshsalesRecord | undefined> {
  const parent = TARGET_COLLECTION[String(data.targetable_type)];
  const id = Number(data.targetable_id);
  if (!parent || !Number.isInteger(id)) return undefined;
  return (await client.related(parent, id, entity)).find((r) => carries(r, marker));
}

async function writeOne(client: FreshsalesClient, entity: ActivityEntity, record: LoadRecord, retried: boolean): Promise<WriteOutcome> {
  const data = writeForm(entity, record.data);
  try {
    if (record.update !== undefined) return written(record, (await client.update(entity, Number(record.update), data)).id);
    if (retried && record.marker !== undefined) {
      const earlier = await createdEarlier(client, entity, data, record.marker);
      if (earlier) return written(record, earlier.id);
    }
    return written(record, (await client.create(entity, data)).id);
  } catch (e) {
    if (!(e instanceof FreshsalesError)) throw e;
    if (e.code === 'FRESHSALES_VALIDATION') return failed(record, e.code, (e.details.messages ?? [e.message]).join('; ') || 'refused by Freshsales without a reason');
    if (e.code === 'FRESHSALES_NOT_FOUND' && record.update !== undefined) return failed(record, e.code, `the ${entity} record ${record.update} Ferry wrote for this row earlier is no longer in Freshsales`);
    throw e;
  }
}

/**
 * Writes activities one call per record: there is no upsert for them, so nothing on the Freshsales side makes a
 * second create land on the first. Instead each record carries a marker line naming its source row (in its
 * description or notes), and a batch that may have been written before — a retried call, or the window a crash
 * interrupted — first looks for the marker among its targetable's activities: one extra read per record, and only
 * on that path. The normal path stays at one call per record. A failure of the whole call throws, so the pipeline
 * retries the batch (as `retried`), and records created before the failure are found rather than made twice.
 */
export async function writeActivities(client: FreshsalesClient, entity: ActivityEntity, batch: LoadBatch): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  for (const record of batch.records) outcomes.push(await writeOne(client, entity, record, batch.retried === true));
  return outcomes;
}
