// The Kartra Inbound API source: leads, transactions and subscriptions for the emails of a contacts export.
export { createKartraClient, DEFAULT_KARTRA_CLIENT_OPTIONS, type KartraClient, type KartraClientOptions, type KartraCredentials } from './client.ts';
export { KARTRA_EXPORT_HEADERS, LOOKUP, LOOKUP_COLUMN } from './columns.ts';
export { KARTRA_STREAM_OBJECTS, kartraConfigSchema, type KartraConfig, type KartraStreamObject } from './config.ts';
export { encodeForm, type FormValue } from './form-body.ts';
export { createKartraBudget } from './kartra-budget.ts';
export { KARTRA_ERROR_TYPES, KartraError } from './kartra-error.ts';
export { createKartraSource, DEFAULT_KARTRA_SOURCE_OPTIONS, type KartraSourceOptions } from './source.ts';
