export * from './organisations.ts';
export * from './users.ts';
export * from './api-tokens.ts';
export * from './estimates.ts';
export * from './scopes.ts';
export * from './runs.ts';
