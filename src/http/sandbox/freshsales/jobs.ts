import { CORE_ENTITIES } from './entities.ts';
import { takeId } from './ids.ts';
import type { SandboxRuntime } from './runtime.ts';
import { SandboxError } from './sandbox-error.ts';
import type { Job, JobItem, Rec } from './state.ts';
import { isoWithOffset } from './time.ts';
import { upsertRecord } from './upsert.ts';

/** Queues a bulk upsert. Records are applied as sandbox time passes (jobMillisPerRecord each), as the real job runs in the background. */
export function createJob(rt: SandboxRuntime, collection: string, items: JobItem[], userId: number): Job {
  const now = rt.now().getTime();
  const job: Job = {
    id: takeId(rt.state),
    collection,
    userId,
    createdAt: now,
    durationMs: (items.length * rt.jobMillisPerRecord) / rt.timeScale,
    statusUpdatedAt: now,
    processed: 0,
    items,
  };
  rt.state.jobs[String(job.id)] = job;
  return job;
}

/** Applies every job record whose time has come. Returns whether anything changed. */
export function settleJobs(rt: SandboxRuntime): boolean {
  const now = rt.now().getTime();
  let changed = false;
  for (const job of Object.values(rt.state.jobs)) {
    const total = job.items.length;
    if (job.processed === total) continue;
    const due = job.durationMs <= 0 ? total : Math.min(total, Math.floor((total * (now - job.createdAt)) / job.durationMs));
    const entity = CORE_ENTITIES.find((e) => e.collection === job.collection)!;
    const actor = { userId: job.userId, stamp: isoWithOffset(new Date(now), rt.state.account.utcOffset) };
    for (; job.processed < due; job.processed++) {
      const item = job.items[job.processed]!;
      try {
        const { record, created } = upsertRecord(rt.state, entity, item.identifier, item.data ?? {}, actor);
        item.result = { status: created ? 'created' : 'updated', id: record.id as number };
      } catch (e) {
        if (!(e instanceof SandboxError)) throw e;
        item.result = { status: 'failed', errors: e.messages };
      }
      delete item.data;
      job.statusUpdatedAt = now;
      changed = true;
    }
  }
  return changed;
}

/** GET /job_statuses/:id. Status names and the per-record `data` layout are the sandbox's choice: the real ones are undocumented. */
export function jobStatus(rt: SandboxRuntime, job: Job): Rec {
  const { processed } = job;
  const total = job.items.length;
  const results = job.items.map((item, index) => ({ index, unique_identifier: item.identifier, ...(item.result ?? { status: 'pending' }) }));
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const at = (ms: number) => isoWithOffset(new Date(ms), rt.state.account.utcOffset);
  return {
    id: job.id,
    job_type_name: `bulk_upsert_${job.collection}`,
    status: processed === total ? 'completed' : processed === 0 ? 'queued' : 'in_progress',
    progress: total === 0 ? 100 : Math.floor((processed * 100) / total),
    created_at: at(job.createdAt),
    status_updated_at: at(job.statusUpdatedAt),
    data: { total, processed, created: count('created'), updated: count('updated'), failed: count('failed'), records: results },
  };
}
