import type { InventoryFile } from '../discovery/inventory.ts';
import { carriedRow, planAllows, type MappingContext } from './context.ts';
import type { FieldTarget, Mapping } from './document.ts';
import { customFieldUse } from './quota.ts';

export const QUESTION_TOPICS = ['file', 'field', 'value', 'owner', 'relationship', 'required', 'quota', 'plan'] as const;

/** Something the mapping cannot settle alone. Blocking questions keep a version from being approved. */
export interface OpenQuestion {
  id: string;
  topic: (typeof QUESTION_TOPICS)[number];
  blocking: boolean;
  subject: string;
  question: string;
}

/** Below this, a proposal is a guess and an engineer must confirm it. */
export const CONFIRM_BELOW = 0.6;

export const describeTarget = (object: string, t: FieldTarget) =>
  t.kind === 'standard' ? `${object}.${t.field}` : t.kind === 'custom' ? `${object}.${t.name} (new ${t.type} field "${t.label}")` : t.kind === 'append' ? `a line in ${object}.${t.field}` : t.kind === 'list' ? `${object} lists (one per distinct name, the record added to each it names)` : 'nowhere';

/** Every open question of a mapping: derived afresh each time, so answering one (by editing the mapping) makes it disappear. */
export function openQuestions(mapping: Mapping, ctx: MappingContext, files: InventoryFile[]): OpenQuestion[] {
  const q: OpenQuestion[] = [];
  for (const f of files)
    if (f.kind === 'export' && !f.recognition.overridden && f.recognition.confidence < 0.5)
      q.push({
        id: `file:${f.name}`,
        topic: 'file',
        blocking: true,
        subject: f.name,
        question: `Which ${ctx.source.name} object does ${f.name} hold? The best guess is ${f.object} (${Math.round(f.recognition.confidence * 100)}%): ${f.recognition.reason}. Upload it again with an object override.`,
      });

  const links = new Set(ctx.rules.fieldTypes.relationshipFields.map((l) => `${l.object}.${l.field}`));
  for (const o of mapping.objects) {
    for (const f of o.fields) {
      if (f.confirmed) continue;
      if (f.target.kind === 'ignore' ? f.confidence < 0.5 : f.confidence < CONFIRM_BELOW)
        q.push({
          id: `field:${o.row}.${f.column}`,
          topic: 'field',
          blocking: true,
          subject: `${o.sourceObject}.${f.column}`,
          question: `Confirm where "${f.column}" goes: proposed ${describeTarget(o.destinationObject, f.target)} with ${Math.round(f.confidence * 100)}% confidence (${f.reasons.join('; ')}).`,
        });
    }
    // A carried row fills a record another row writes, which brings its own required values.
    const row = ctx.pair.rows.find((r) => r.id === o.row);
    const object = row && carriedRow(row, ctx) ? undefined : ctx.destination.objects.find((d) => d.id === o.destinationObject);
    for (const field of object?.fields.filter((x) => x.required && !links.has(`${o.destinationObject}.${x.id}`) && x.id !== 'targetable_type') ?? [])
      if (!o.fields.some((f) => f.target.kind === 'standard' && f.target.field === field.id) && !o.fixed?.some((v) => v.field === field.id))
        q.push({
          id: `required:${o.row}.${field.id}`,
          topic: 'required',
          blocking: true,
          subject: `${o.destinationObject}.${field.id}`,
          question: `Freshsales needs ${object!.label} ${field.label} on every record, but no ${o.sourceObject} column is mapped to it. Map one.`,
        });
  }

  for (const m of mapping.valueMaps)
    for (const e of m.entries)
      if (e.target === null || (!e.confirmed && e.confidence < CONFIRM_BELOW))
        q.push({
          id: `value:${m.id}=${e.source}`,
          topic: 'value',
          blocking: true,
          subject: `${m.column} = "${e.source}" (${e.count} records)`,
          question:
            e.target === null
              ? `Which ${m.target} value should "${e.source}" become? Choices: ${m.choices.join(', ') || 'any new value'}.`
              : `Confirm "${e.source}" → "${e.target}" (${e.reason}).`,
        });

  if (!mapping.owners.fallbackOwnerEmail)
    q.push({
      id: 'owner:fallback',
      topic: 'owner',
      blocking: true,
      subject: 'fallback owner',
      question: 'Who in Freshsales receives records whose owner cannot be resolved? Set the fallback owner email.',
    });
  for (const o of mapping.owners.owners)
    if (o.resolution === 'unresolved')
      q.push({
        id: `owner:${o.source}`,
        topic: 'owner',
        blocking: true,
        subject: o.source,
        question: `"${o.source}" owns ${o.count} records (${o.seenIn.join(', ')}) but is not an email. Give the Freshsales user's email, or hand the records to the fallback owner.`,
      });

  for (const r of mapping.relationships)
    if (!r.via)
      q.push({ id: `relationship:${r.id}`, topic: 'relationship', blocking: true, subject: r.id, question: `How do ${r.from.row} records find their ${r.to.row}? ${r.description}.` });

  const plan = ctx.destination.plans.find((p) => p.id === ctx.plan)!;
  for (const u of customFieldUse(mapping, plan))
    if (u.used > u.limit)
      q.push({
        id: `quota:${u.object}.${u.bucket}`,
        topic: 'quota',
        blocking: true,
        subject: `${u.object} ${u.bucket} custom fields`,
        question: `The mapping creates ${u.used} ${u.bucket === 'total' ? '' : `${u.bucket} `}custom fields on ${u.object}, over the ${plan.label} limit of ${u.limit}. Drop or merge fields, or move to a larger plan.`,
      });

  for (const row of ctx.pair.rows)
    if (row.planRequirement && !planAllows(ctx.plan, row.planRequirement.minPlan) && mapping.objects.some((o) => o.row === row.id))
      q.push({ id: `plan:${row.id}`, topic: 'plan', blocking: false, subject: row.source.label, question: `Needs ${row.planRequirement.minPlan} for the full mapping. ${row.planRequirement.fallback}` });
  return q;
}
