import { z } from 'zod';
import { PlanId } from '../../../../rules/schema/platform.ts';
import { editionOfUrl } from '../../../scoping/editions.ts';
import { isActivityEntity, isCatalogueEntity, isPlainCreateEntity, type ActivityEntity, type CheckResult, type ConnectorCtx, type DestinationConnector, type DestinationDescription, type DestinationSession } from '../../protocol.ts';
import { writeActivities } from './activity-writes.ts';
import { budgetedFetch } from './budgeted-fetch.ts';
import { createFreshsalesClient, type FieldSettingsEntity, type FreshsalesClient } from './client.ts';
import { apiRoot, checkApiKey } from './config.ts';
import { describeAccount } from './describe.ts';
import { moduleSession } from './custom-module-api.ts';
import { createDocumentApi } from './document-api.ts';
import { documentSession } from './document-writes.ts';
import { FreshsalesError } from './errors.ts';
import { writeLeads } from './lead-writes.ts';
import { listSession } from './list-session.ts';
import { fetchRecords, removeRecord, restoreActivity, restoreRecord } from './records.ts';
import { catalogueSession } from './product-session.ts';
import type { FreshsalesField } from './schemas.ts';
import { snapshotRecords } from './snapshot.ts';
import { writeBatch, type JobTiming } from './write-batch.ts';

/** A config check that reports the FreshsalesError's message (which never carries the key). */
const validWith = (check: (v: string) => unknown) => (value: string, ctx: z.RefinementCtx) => {
  try {
    check(value);
  } catch (e) {
    if (!(e instanceof FreshsalesError)) throw e;
    ctx.addIssue({ code: 'custom', message: e.message });
  }
};

export const FreshsalesDestinationConfig = z.object({
  kind: z.literal('freshsales'),
  /** Suite (https://acme.myfreshworks.com/crm/sales) or Classic (https://acme.freshsales.io). */
  baseUrl: z.string().superRefine(validWith(apiRoot)),
  apiKey: z.string().superRefine(validWith(checkApiKey)),
  /** Sets the account's API budget. */
  plan: PlanId,
});
export type FreshsalesDestinationConfig = z.infer<typeof FreshsalesDestinationConfig>;

export interface FreshsalesDestinationOptions extends Partial<JobTiming> {
  /** Per call, from the moment the budget lets it go (default 30 s). */
  callTimeoutMs?: number;
}

/** The sandbox's default job pace is 20 ms a record; the real one is undocumented, so the first poll leaves a little more. */
const DEFAULT_TIMING: JobTiming = { msPerRecord: 30, pollIntervalMs: 1_000, timeoutMs: 15 * 60_000 };

async function check(client: FreshsalesClient): Promise<CheckResult> {
  try {
    await client.owners();
    return { ok: true };
  } catch (e) {
    // A passing outage is not an answer about the account: let the caller's retry policy see it.
    if (!(e instanceof FreshsalesError) || e.retryable) throw e;
    if (e.code === 'FRESHSALES_AUTH') return { ok: false, message: `Freshsales at ${client.apiRoot} refused the API key (401): check the key and that its user is active` };
    return { ok: false, message: e.message };
  }
}

/** Remembers a promise; a failed one is forgotten so the next caller asks again. */
function once<K, T>(load: (key: K) => Promise<T>): (key: K) => Promise<T> {
  const cache = new Map<K, Promise<T>>();
  return (key) => {
    let p = cache.get(key);
    if (!p) {
      p = load(key).catch((e) => {
        cache.delete(key);
        throw e;
      });
      cache.set(key, p);
    }
    return p;
  };
}

/**
 * Freshsales as a destination. Every call waits on the run's shared budget (ctx.budget) and reports back what the
 * answer said about it. The session never retries: the pipeline owns retries, and every whole-call failure is a
 * FreshsalesError whose `retryable` says whether trying again may help.
 */
export function createFreshsalesDestination(options: FreshsalesDestinationOptions = {}): DestinationConnector<FreshsalesDestinationConfig> {
  const { callTimeoutMs = 30_000, ...timing } = options;
  const jobTiming: JobTiming = { ...DEFAULT_TIMING, ...timing };
  return {
    kind: 'freshsales',
    configSchema: FreshsalesDestinationConfig,
    open(config, ctx: ConnectorCtx): DestinationSession {
      const client = createFreshsalesClient(config, { fetch: budgetedFetch(ctx, callTimeoutMs), now: ctx.now, timeoutMs: callTimeoutMs });
      const settings = once((entity: FieldSettingsEntity): Promise<FreshsalesField[]> => client.fieldSettings(entity));
      // One description per set of activity kinds asked for (a run asks with the same set every time).
      const description = once((kinds: string): Promise<DestinationDescription> => {
        const asked = kinds ? kinds.split(',') : [];
        return describeAccount(client, settings, asked.filter((k) => k !== 'leads') as ActivityEntity[], asked.includes('leads'));
      });
      // Leads exist on Classic accounts only: a Suite account has no settings for them to describe.
      const classic = editionOfUrl(config.baseUrl) === 'classic';
      const catalogue = catalogueSession(client, config.plan);
      return {
        check: () => check(client),
        describe: (entities = []) => description([...new Set(entities.filter((e) => isActivityEntity(e) || (classic && isPlainCreateEntity(e))))].sort().join(',')),
        snapshot: (entity) => (isCatalogueEntity(entity) ? catalogue.snapshot(entity) : snapshotRecords(client, entity)),
        write: (batch) => {
          const { entity } = batch;
          if (isActivityEntity(entity)) return writeActivities(client, entity, batch);
          if (isCatalogueEntity(entity)) return catalogue.write({ ...batch, entity });
          if (isPlainCreateEntity(entity)) return writeLeads(client, batch);
          return writeBatch({ client, now: ctx.now, sleep: (ms) => ctx.sleep(ms, ctx.signal), timing: jobTiming }, { ...batch, entity });
        },
        fetch: (entity, ids) => (isCatalogueEntity(entity) ? catalogue.fetch(entity, ids) : fetchRecords(client, entity, ids)),
        remove: (entity, id) => (isCatalogueEntity(entity) ? catalogue.remove(entity, id) : removeRecord(client, entity, id)),
        restore: async (entity, id, before) =>
          isCatalogueEntity(entity) ? catalogue.restore(entity, id, before)
          : isActivityEntity(entity) ? restoreActivity(client, entity, id, before) : restoreRecord(client, entity, id, before, await settings(entity)),
        documents: documentSession(createDocumentApi(client)),
        lists: listSession(client),
        modules: moduleSession(client),
      };
    },
  };
}
