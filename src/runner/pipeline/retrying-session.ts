import type { DestinationSession, DocumentSession, ListSession, ModuleSession } from '../protocol.ts';
import type { RunnerDeps } from './deps.ts';
import { withRetry } from './retry.ts';

/**
 * The destination session with the pipeline's retry policy around every call: 5xx, timeouts and dropped connections
 * are tried again with backoff and jitter (writes are idempotent per batch, so a retried write is safe). Listing
 * pages are retried by the phase that reads them, which resumes from what it stored.
 */
export function retrying(session: DestinationSession, deps: RunnerDeps, signal: AbortSignal): DestinationSession {
  const retry = <T>(fn: () => Promise<T>) => withRetry(fn, { attempts: deps.tuning.attempts, baseMs: deps.tuning.retryBaseMs, sleep: deps.sleep, signal });
  return {
    check: () => retry(() => session.check()),
    describe: (entities) => retry(() => session.describe(entities)),
    snapshot: (entity) => session.snapshot(entity),
    // A second attempt may find some of the batch written already: saying so lets activities look before creating.
    write: (batch) => {
      let attempt = 0;
      return retry(() => session.write(attempt++ === 0 ? batch : { ...batch, retried: true }));
    },
    fetch: (entity, ids) => retry(() => session.fetch(entity, ids)),
    remove: (entity, id) => retry(() => session.remove(entity, id)),
    restore: (entity, id, before) => retry(() => session.restore(entity, id, before)),
    ...(session.documents ? { documents: retryingDocuments(session.documents, retry) } : {}),
    ...(session.lists ? { lists: retryingLists(session.lists, retry) } : {}),
    ...(session.modules ? { modules: retryingModules(session.modules, retry) } : {}),
  };
}

/** Module calls are safe to repeat, except a create: a second attempt first looks for the record the first may have made, by its identifier. */
function retryingModules(modules: ModuleSession, retry: <T>(fn: () => Promise<T>) => Promise<T>): ModuleSession {
  return {
    modules: () => retry(() => modules.modules()),
    fields: (entityName) => retry(() => modules.fields(entityName)),
    create: (entityName, identifier, data) => {
      let attempt = 0;
      return retry(async () => (attempt++ > 0 ? (await modules.find(entityName, identifier.field, [identifier.value]))[0] : undefined) ?? modules.create(entityName, identifier, data));
    },
    find: (entityName, field, values) => retry(() => modules.find(entityName, field, values)),
    fetch: (entityName, ids) => retry(() => modules.fetch(entityName, ids)),
    remove: (entityName, id) => retry(() => modules.remove(entityName, id)),
  };
}

/** List calls are safe to repeat, except a create: a second attempt first looks for the list the first may have made. */
function retryingLists(lists: ListSession, retry: <T>(fn: () => Promise<T>) => Promise<T>): ListSession {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  return {
    all: () => retry(() => lists.all()),
    create: (name) => {
      let attempt = 0;
      return retry(async () => (attempt++ > 0 ? (await lists.all()).find((l) => same(l.name, name)) : undefined) ?? lists.create(name));
    },
    members: (id) => retry(() => lists.members(id)),
    add: (id, ids) => retry(() => lists.add(id, ids)),
    remove: (id, ids) => retry(() => lists.remove(id, ids)),
    delete: (id) => retry(() => lists.delete(id)),
  };
}

/** Uploads are plain creates: a second attempt says so, so the upload looks for what the first may have made. */
function retryingDocuments(documents: DocumentSession, retry: <T>(fn: () => Promise<T>) => Promise<T>): DocumentSession {
  return {
    upload: (doc) => {
      let attempt = 0;
      return retry(() => documents.upload(attempt++ === 0 ? doc : { ...doc, retried: true }));
    },
    fetch: (ids) => retry(() => documents.fetch(ids)),
    remove: (id) => retry(() => documents.remove(id)),
  };
}
