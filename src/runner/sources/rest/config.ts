import { z } from 'zod';

const RateOverride = z.strictObject({ calls: z.int().positive(), perSeconds: z.int().positive() });

/** One stream: the platform object it reads, and the export columns its rows carry (default: the object's field ids). */
const Stream = z.union([
  z.string().trim().min(1),
  z.strictObject({ object: z.string().trim().min(1), columns: z.array(z.string().min(1)).min(1).optional() }),
]);

/**
 * A REST source account. Streams are named like the export files a scope maps ("Contacts.csv"), so the same scope runs
 * from exports or from the API; `columns` gives the export headers the scope was discovered from.
 */
export const restConfigSchema = z.strictObject({
  /** `<platform>-api`: one REST source per platform that declares its API (soffront-api, fasttrack-api). */
  kind: z.string().regex(/^[a-z0-9_]+-api$/),
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** By the names the platform's auth declaration uses (developerKey, userName, password; apiKey; …). Never logged. */
  credentials: z.record(z.string().min(1), z.string().min(1)),
  streams: z.record(z.string().min(1), Stream).refine((s) => Object.keys(s).length > 0, 'at least one stream'),
  /** Delta pickup: only records changed after this instant, on objects whose endpoint declares a cursor field. */
  since: z.iso.datetime({ offset: true }).optional(),
  /** The tenant's own throttle, when it differs from the platform's published or assumed one. */
  rateLimit: RateOverride.optional(),
  /** Pages fetched at once (default: the platform's declaration). */
  workers: z.int().min(1).max(16).optional(),
});

export type RestConfig = z.infer<typeof restConfigSchema>;
export type RestStreamConfig = z.infer<typeof Stream>;
