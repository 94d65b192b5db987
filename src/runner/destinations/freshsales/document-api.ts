import { z } from 'zod';
import type { FreshsalesClient } from './client.ts';

/** A document as Freshsales answers it (the sandbox adds content_type and sha256, which Ferry does not rely on). */
export const FreshsalesDocument = z.looseObject({
  id: z.union([z.number(), z.string()]),
  name: z.string().nullish(),
  file_size: z.union([z.number(), z.string()]).nullish(),
  targetable_type: z.string().nullish(),
  targetable_id: z.union([z.number(), z.string()]).nullish(),
});
export type FreshsalesDocument = z.infer<typeof FreshsalesDocument>;

/** The document endpoints (an upload is a multipart form). */
export interface DocumentApi {
  /** POST /documents with the multipart fields file, file_name, is_shared, targetable_type and targetable_id. */
  upload(form: FormData): Promise<FreshsalesDocument>;
  get(id: number): Promise<FreshsalesDocument>;
  delete(id: number): Promise<void>;
  /** The documents attached to one record (GET /<collection>/<id>/document_associations). */
  associations(collection: string, id: number): Promise<FreshsalesDocument[]>;
}

const wrapped = z.looseObject({ document: FreshsalesDocument }).transform((b) => b.document);
const listed = z.looseObject({ document_associations: z.array(FreshsalesDocument).optional() }).transform((b) => b.document_associations ?? []);

/** Document calls through the run's client: the same budget, validation and errors as every other call. */
export function createDocumentApi(client: Pick<FreshsalesClient, 'request'>): DocumentApi {
  return {
    upload: (form) => client.request({ method: 'POST', path: '/documents', body: form, schema: wrapped }),
    get: (id) => client.request({ method: 'GET', path: `/documents/${id}`, schema: wrapped }),
    delete: async (id) => void (await client.request({ method: 'DELETE', path: `/documents/${id}`, schema: z.unknown() })),
    associations: (collection, id) => client.request({ method: 'GET', path: `/${collection}/${id}/document_associations`, schema: listed }),
  };
}
