import type { Plan } from '../../../rules/schema/platform.ts';
import { EDITION_LABEL, type Edition } from '../editions.ts';
import type { Mapping } from '../mapping/document.ts';
import { customFieldUse, quotaBucket } from '../mapping/quota.ts';
import { normaliseKey } from '../text.ts';
import { SETTINGS_ENTITY, type SetupChecklist } from '../setup/checklist.ts';

/** What preflight reads from the live Freshsales account (field settings and selectors), in plain data. */
export interface AccountSnapshot {
  fields: Record<string, { name: string; label: string; type: string; custom: boolean; choices: string[] }[]>;
  users: { email: string; active: boolean }[];
  pipelines: { name: string; stages: string[] }[];
  lifecycleStages: { name: string; statuses: string[] }[];
}

export interface PreflightItem {
  area: 'edition' | 'custom_field' | 'quota' | 'pipeline' | 'stage' | 'choice' | 'lifecycle' | 'user';
  subject: string;
  status: 'ok' | 'missing' | 'mismatch' | 'over_quota' | 'inactive' | 'not_checked';
  detail: string;
}

export interface PreflightReport {
  ready: boolean;
  missing: number;
  items: PreflightItem[];
}

const same = (a: string, b: string) => normaliseKey(a) === normaliseKey(b);

/**
 * Compares the setup checklist with the live account: exactly what is missing, mismatched or over the plan's quota,
 * and first whether the account is of the edition the scope targets (`edition`: the scope's, and what the URL is).
 */
export function preflight(checklist: SetupChecklist, mapping: Mapping, account: AccountSnapshot, plan: Plan, edition?: { scope: Edition; mismatch: string | null }): PreflightReport {
  const items: PreflightItem[] = [];
  if (edition)
    items.push(edition.mismatch ? { area: 'edition', subject: EDITION_LABEL[edition.scope], status: 'mismatch', detail: edition.mismatch } : { area: 'edition', subject: EDITION_LABEL[edition.scope], status: 'ok', detail: 'the account is of the edition the scope targets' });
  const toCreate = new Set<string>();
  for (const f of checklist.customFields) {
    const subject = `${f.object}.${f.name}`;
    if (!f.entity) {
      items.push({ area: 'custom_field', subject, status: 'not_checked', detail: `Freshsales publishes no field settings for ${f.object}; check "${f.label}" by hand` });
      continue;
    }
    const live = account.fields[f.entity]?.find((x) => x.name === f.name) ?? account.fields[f.entity]?.find((x) => x.custom && same(x.label, f.label));
    if (!live) {
      toCreate.add(subject);
      items.push({ area: 'custom_field', subject, status: 'missing', detail: `create ${f.type} field "${f.label}" on ${f.entity}${f.choices.length ? ` with ${f.choices.length} choices` : ''}` });
    } else if (live.name !== f.name) items.push({ area: 'custom_field', subject, status: 'mismatch', detail: `a field labelled "${live.label}" exists as ${live.name}; rename it or change the mapping to ${live.name}` });
    else if (quotaBucket(live.type) !== quotaBucket(f.type)) items.push({ area: 'custom_field', subject, status: 'mismatch', detail: `exists as ${live.type}, the mapping needs ${f.type}` });
    else {
      const absent = f.choices.filter((c) => !live.choices.some((l) => same(l, c)));
      items.push(
        absent.length
          ? { area: 'custom_field', subject, status: 'missing', detail: `add choices: ${absent.join(', ')}` }
          : { area: 'custom_field', subject, status: 'ok', detail: `${live.type} field present` },
      );
    }
  }

  // Quota: the custom fields already in the account plus the ones still to create, per object and bucket.
  const existing: Record<string, Record<string, number>> = {};
  for (const [object, entity] of Object.entries(SETTINGS_ENTITY))
    for (const f of account.fields[entity]?.filter((x) => x.custom) ?? []) {
      const bucket = quotaBucket(f.type);
      existing[object] ??= {};
      existing[object][bucket] = (existing[object][bucket] ?? 0) + 1;
    }
  const creating: Mapping = {
    ...mapping,
    objects: mapping.objects.map((o) => ({ ...o, fields: o.fields.filter((f) => f.target.kind === 'custom' && toCreate.has(`${o.destinationObject}.${f.target.name}`)) })),
  };
  for (const u of customFieldUse(creating, plan, existing))
    if (u.used > u.limit)
      items.push({ area: 'quota', subject: `${u.object} ${u.bucket}`, status: 'over_quota', detail: `${u.used} custom fields would exist, ${plan.label} allows ${u.limit}` });

  for (const p of checklist.pipelines) {
    const live = account.pipelines.find((x) => same(x.name, p.name));
    if (!live) {
      items.push({ area: 'pipeline', subject: p.name, status: 'missing', detail: `create pipeline "${p.name}" with stages ${p.stages.join(', ')}` });
      continue;
    }
    items.push({ area: 'pipeline', subject: p.name, status: 'ok', detail: 'present' });
    for (const s of p.stages)
      items.push(
        live.stages.some((x) => same(x, s))
          ? { area: 'stage', subject: `${p.name} / ${s}`, status: 'ok', detail: 'present' }
          : { area: 'stage', subject: `${p.name} / ${s}`, status: 'missing', detail: `add stage "${s}" (live stages: ${live.stages.join(', ')})` },
      );
  }
  for (const l of checklist.lifecycle) {
    const live = account.lifecycleStages.find((x) => same(x.name, l.stage));
    if (!live) items.push({ area: 'lifecycle', subject: l.stage, status: 'missing', detail: `lifecycle stage "${l.stage}" does not exist` });
    for (const s of l.statuses)
      if (live && !live.statuses.some((x) => same(x, s)))
        items.push({ area: 'lifecycle', subject: `${l.stage} / ${s}`, status: 'missing', detail: `add contact status "${s}" under ${l.stage}` });
  }
  for (const c of checklist.choices) {
    const [object, field] = c.field.split('.') as [string, string];
    const entity = SETTINGS_ENTITY[object];
    const live = entity && account.fields[entity]?.find((x) => x.name === field);
    if (!live) continue;
    const absent = c.values.filter((v) => !live.choices.some((l) => same(l, v)));
    if (absent.length) items.push({ area: 'choice', subject: c.field, status: 'missing', detail: `add choices: ${absent.join(', ')}` });
  }
  for (const u of checklist.users) {
    const live = account.users.find((x) => x.email.toLowerCase() === u.email.toLowerCase());
    items.push(
      !live
        ? { area: 'user', subject: u.email, status: 'missing', detail: `invite ${u.email} (${u.role === 'fallback' ? 'fallback owner' : `owns ${u.owns} records`})` }
        : !live.active
          ? { area: 'user', subject: u.email, status: 'inactive', detail: 'the user exists but is deactivated; records cannot be assigned to them' }
          : { area: 'user', subject: u.email, status: 'ok', detail: 'active user' },
    );
  }
  const missing = items.filter((i) => i.status !== 'ok' && i.status !== 'not_checked').length;
  return { ready: missing === 0, missing, items };
}
