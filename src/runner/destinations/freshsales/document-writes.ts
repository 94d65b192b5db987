import type { DestinationDocument, DocumentSession, DocumentUpload, WriteOutcome } from '../../protocol.ts';
import type { DocumentApi, FreshsalesDocument } from './document-api.ts';
import { FreshsalesError } from './errors.ts';

/** The collection a targetable_type names. */
const TARGET_COLLECTION: Record<string, string> = { Contact: 'contacts', SalesAccount: 'sales_accounts', Deal: 'deals' };

/** Refusals that concern this one file (too big, storage full, its record gone): the rest of the load goes on. */
const REFUSED = new Set(['FRESHSALES_VALIDATION', 'FRESHSALES_FORBIDDEN', 'FRESHSALES_NOT_FOUND']);

const isNotFound = (e: unknown) => e instanceof FreshsalesError && e.code === 'FRESHSALES_NOT_FOUND';

function documentId(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw new FreshsalesError('FRESHSALES_VALIDATION', `"${id}" is not a Freshsales document id`, 0);
  return Number(id);
}

const asDocument = (d: FreshsalesDocument): DestinationDocument => ({
  id: String(d.id),
  name: d.name ?? '',
  size: Number(d.file_size ?? Number.NaN),
  targetableType: d.targetable_type ?? '',
  targetableId: d.targetable_id === null || d.targetable_id === undefined ? '' : String(d.targetable_id),
});

/** A document an earlier attempt uploaded for this file: one on the same record with the same name and size. */
async function uploadedEarlier(api: DocumentApi, doc: DocumentUpload): Promise<FreshsalesDocument | undefined> {
  const collection = TARGET_COLLECTION[doc.targetableType];
  if (!collection || !/^\d+$/.test(doc.targetableId)) return undefined;
  return (await api.associations(collection, Number(doc.targetableId))).find((d) => d.name === doc.fileName && Number(d.file_size) === doc.bytes.length);
}

async function upload(api: DocumentApi, doc: DocumentUpload): Promise<WriteOutcome> {
  const written = (id: number | string): WriteOutcome => ({ sourceKey: doc.sourceKey, status: 'written', destinationId: String(id) });
  try {
    if (doc.retried) {
      const earlier = await uploadedEarlier(api, doc);
      if (earlier) return written(earlier.id);
    }
    const form = new FormData();
    form.append('file', new Blob([doc.bytes as BlobPart], { type: doc.contentType }), doc.fileName);
    form.append('file_name', doc.fileName);
    form.append('is_shared', String(doc.shared));
    form.append('targetable_type', doc.targetableType);
    form.append('targetable_id', doc.targetableId);
    return written((await api.upload(form)).id);
  } catch (e) {
    if (!(e instanceof FreshsalesError) || !REFUSED.has(e.code)) throw e;
    const message = (e.details.messages ?? []).join('; ') || e.message;
    return { sourceKey: doc.sourceKey, status: 'failed', error: { code: e.code, message, retryable: false } };
  }
}

/**
 * Freshsales documents: one multipart upload per file, with no upsert behind it, so a retried upload first looks among
 * the record's documents for the one an earlier attempt may have made (an extra read, on that path only). A call that
 * fails as a whole throws, and the pipeline retries it as `retried`.
 */
export function documentSession(api: DocumentApi): DocumentSession {
  return {
    upload: (doc) => upload(api, doc),
    async fetch(ids) {
      const out = new Map<string, DestinationDocument | null>();
      for (const id of ids) {
        try {
          out.set(id, asDocument(await api.get(documentId(id))));
        } catch (e) {
          if (!isNotFound(e)) throw e;
          out.set(id, null);
        }
      }
      return out;
    },
    async remove(id) {
      try {
        await api.delete(documentId(id));
        return 'deleted';
      } catch (e) {
        if (!isNotFound(e)) throw e;
        return 'gone';
      }
    },
  };
}
