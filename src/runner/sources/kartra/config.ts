import { z } from 'zod';

/** The Kartra objects an API stream can carry: one row per lead, per transaction or per subscription. */
export const KARTRA_STREAM_OBJECTS = ['contact', 'transaction', 'subscription'] as const;
export type KartraStreamObject = (typeof KARTRA_STREAM_OBJECTS)[number];

/**
 * Reading Kartra through its Inbound API. Kartra cannot list its leads, so the emails come from a contacts export in
 * `exportsDir`; `streams` names the scope's files (e.g. "transactions.csv") and the object each one carries.
 */
export const kartraConfigSchema = z.strictObject({
  kind: z.literal('kartra'),
  /** The single API endpoint (https://app.kartra.com/api, or an emulator's). */
  baseUrl: z.url({ protocol: /^https?$/, error: 'the Kartra API URL must be an http(s) URL' }),
  appId: z.string().trim().min(1, 'the Kartra app_id is required'),
  apiKey: z.string().trim().min(1, 'the Kartra api_key is required'),
  apiPassword: z.string().trim().min(1, 'the Kartra api_password is required'),
  exportsDir: z.string().trim().min(1, 'the directory of the contacts export is required'),
  contactsFile: z.string().trim().min(1).default('contacts.csv'),
  streams: z
    .record(
      z.string().trim().min(1),
      // The object form is what a run fills in from its scope (columns are the export's, which Kartra rows already carry).
      z.union([z.enum(KARTRA_STREAM_OBJECTS), z.strictObject({ object: z.enum(KARTRA_STREAM_OBJECTS), columns: z.array(z.string()).optional() }).transform((s) => s.object)]),
    )
    .refine((s) => Object.keys(s).length > 0, 'name at least one stream (file name → contact, transaction or subscription)'),
});

export type KartraConfig = z.infer<typeof kartraConfigSchema>;
