// The generic REST source: reads any API the platform file declares (channels.api.rest), resumable from checkpoints.
export { apiFieldsOf } from './fields.ts';
export { restConfigSchema, type RestConfig, type RestStreamConfig } from './config.ts';
export { RestSourceError, TokenExpired } from './rest-error.ts';
export type { RestState } from './resume.ts';
export { createRestSource, type RestSourceDeps } from './source.ts';
