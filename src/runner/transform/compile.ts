import type { FieldMapping } from '../../scoping/mapping/document.ts';
import { isActivityEntity, type DestinationField, type SourcePosition, type SourceRow } from '../protocol.ts';
import { ACTIVITY_TEXT_FIELD, activityMarker } from './activity-routing.ts';
import { quote, readCell } from './cells.ts';
import { stageInPipeline } from './choices.ts';
import { coercerFor, TEXT_LIMITS, textCoercer, type CellCoercer } from './coerce.ts';
import { compileTimestamps, EMAIL_FIELD, idColumn, identifierOf, NATURAL_KEY_LABEL, naturalKey, PROVENANCE } from './identity.ts';
import { compileLinks, ENTITY_OF, LINK_TARGETS } from './links.ts';
import { formatLocales } from './number-value.ts';
import type { CompiledTransform, CompileInput, SetupProblem, StagedRecord, TransformResult } from './types.ts';

interface RowState {
  row: SourceRow;
  data: Record<string, unknown>;
  custom: Record<string, unknown>;
  /** Labelled lines per text field, from 'append' targets. */
  appends: Map<string, string[]>;
  failures: { column?: string; reason: string }[];
  owner: string | null;
  accountName?: string;
  email?: string;
}

type Step = (s: RowState) => void;

/** A column whose header names a phone country code; its value is put in front of phone numbers written without one. */
const COUNTRY_CODE = /country.?code/i;
const TEXT_TYPES = new Set(['text', 'textarea']);
/** A standard target naming one key inside a group field: "company.name". */
const GROUP_KEY = /^[a-z_]+\.[a-z_]+$/;

/** The link fields that give a contact its account. */
const ACCOUNT_LINK_FIELDS = new Set(['sales_account_id', 'sales_accounts']);

/** The mapping object being compiled, and the setup problems found on it (each said once). */
export function compiling(input: Pick<CompileInput, 'mapping' | 'object'>) {
  const object = input.mapping.objects.find((o) => o.row === input.object);
  if (!object) throw new Error(`the mapping has no object ${input.object}`);
  const problems: SetupProblem[] = [];
  const problem = (column: string | null, field: string | null, message: string) => {
    if (!problems.some((p) => p.column === column && p.message === message)) problems.push({ object: object.row, column, field, message });
  };
  return { object, problems, problem };
}

/**
 * Compiles one object of a mapping against the destination account into a row transform. Everything that can be
 * checked without rows (fields the destination lacks, choices a value map sends to that the account does not offer,
 * relationships that cannot resolve) is a setup problem; everything a row gets wrong quarantines that row, naming the
 * column and value.
 */
export function compileTransform(input: CompileInput): CompiledTransform {
  const { mapping, entity, destination, profiles } = input;
  const { object, problems, problem } = compiling(input);
  if (ENTITY_OF[object.destinationObject] !== entity)
    problem(null, null, `${object.row} becomes a Freshsales ${object.destinationObject}, which is not stored in ${entity}`);

  const fields = destination.fields[entity] ?? [];
  const fieldNamed = (name: string) => fields.find((f) => f.name === name);
  const links = compileLinks(mapping, object, entity, profiles, problem, input.listSeparator, input.enrichment, input.lookups);
  const timestamps = compileTimestamps(object, profiles, (column, m) => problem(column, null, m));
  const keyColumn = idColumn(mapping, object);
  const countryCode = object.fields.find((f) => COUNTRY_CODE.test(f.column))?.column;

  const steps: Step[] = [];
  const filledBy = new Map<string, string>();
  const claim = (column: string, key: string) => {
    const other = filledBy.get(key);
    if (other !== undefined && other !== column) problem(column, key, `columns ${other} and ${column} both fill ${key}`);
    filledBy.set(key, column);
  };

  /** A step that coerces the column's cell and stores the value; phone numbers get the row's country code when they lack one. */
  const writeStep = (f: FieldMapping, field: DestinationField, coerce: CellCoercer, store: (s: RowState, value: unknown) => void): Step => {
    const phone = field.type === 'phone_number' && countryCode !== undefined && countryCode !== f.column;
    return (s) => {
      let cell = readCell(s.row[f.column]);
      if (cell === undefined) return;
      if (phone && typeof cell === 'string' && !/^(\+|00)/.test(cell)) {
        const code = readCell(s.row[countryCode!]);
        if (typeof code === 'string' && /^\+?\d{1,4}$/.test(code)) cell = `+${code.replace(/^\+/, '')} ${cell}`;
      }
      const r = coerce(cell);
      if (!r.ok) s.failures.push({ column: f.column, reason: r.reason });
      else if (r.value !== undefined) store(s, r.value);
    };
  };
  const amountLocales = formatLocales(input.amountFormats ?? []);
  const context = (f: FieldMapping, field: string) => ({
    column: f.column,
    profile: profiles[f.column],
    valueMap: mapping.valueMaps.find((v) => v.row === object.row && v.column === f.column),
    destination,
    amountLocales,
    problem: (m: string) => problem(f.column, field, m),
  });

  for (const f of object.fields) {
    const t = f.target;
    if (t.kind === 'ignore') continue;
    // List memberships are added once the records have loaded (pipeline/lists.ts), not written with the record.
    if (t.kind === 'list') {
      if (entity !== 'contacts') problem(f.column, null, `column ${f.column} names lists, and only Freshsales contacts belong to lists`);
      continue;
    }
    if (t.kind === 'standard' && t.field === 'owner_id') {
      claim(f.column, 'owner_id');
      steps.push((s) => {
        const cell = readCell(s.row[f.column]);
        if (cell !== undefined) s.owner = Array.isArray(cell) ? cell.join(', ') : cell;
      });
    } else if (t.kind === 'standard' && LINK_TARGETS[entity].has(t.field)) {
      if (links.fromColumns.has(f.column)) continue;
      // Only a contact's company can be free text (the pipeline links or creates the account by name); ids need a relationship.
      const linked = links.linkedBy.get('sales_account_id');
      if (entity !== 'contacts' || f.sourceType === 'id' || f.sourceType === 'reference' || linked) {
        const already = linked && entity === 'contacts' ? `; the contact's account already comes from relationship ${linked}` : '';
        problem(f.column, t.field, `column ${f.column} fills ${t.field}, but no relationship says which record it names${already}`);
        continue;
      }
      claim(f.column, 'account');
      const coerce = textCoercer(f.column, t.field, TEXT_LIMITS.text);
      steps.push((s) => {
        const cell = readCell(s.row[f.column]);
        if (cell === undefined) return;
        const r = coerce(cell);
        if (!r.ok) s.failures.push({ column: f.column, reason: r.reason });
        else s.accountName = String(r.value).replace(/\s+/g, ' ');
      });
    } else if (t.kind === 'standard' && GROUP_KEY.test(t.field) && !fieldNamed(t.field)) {
      // A key inside a group field (a Classic lead's company.name): the text goes into that nested object.
      const [group, key] = t.field.split('.') as [string, string];
      if (fieldNamed(group)?.type !== 'group_field') {
        problem(f.column, t.field, `Freshsales ${entity} have no group field ${group} to hold ${key}`);
        continue;
      }
      claim(f.column, t.field);
      const text: DestinationField = { name: t.field, label: t.field, type: 'text', required: false, custom: false, choices: [] };
      steps.push(writeStep(f, text, textCoercer(f.column, t.field, TEXT_LIMITS.text), (s, value) => void (s.data[group] = { ...(s.data[group] as object | undefined), [key]: value })));
    } else if (t.kind === 'standard') {
      const field = fieldNamed(t.field);
      if (!field) {
        problem(f.column, t.field, `Freshsales ${entity} have no field ${t.field}`);
        continue;
      }
      claim(f.column, t.field);
      const coerce = coercerFor(field, context(f, t.field));
      steps.push(
        writeStep(f, field, coerce, (s, value) => {
          s.data[t.field] = value;
          if (t.field === EMAIL_FIELD[entity]) s.email = String(value);
        }),
      );
    } else if (t.kind === 'custom') {
      let field = fieldNamed(t.name);
      if (!field) {
        problem(f.column, t.name, `custom field ${t.name} ('${t.label}', ${t.type}) is missing in the destination's ${entity}`);
        // Rows are still checked against the field the mapping describes, so the sample shows what else would fail.
        field = { name: t.name, label: t.label, type: t.type, required: false, custom: true, choices: (t.choices ?? []).map((v) => ({ id: v, value: v })) };
      } else {
        if (field.type !== t.type) problem(f.column, t.name, `custom field ${t.name} is ${field.type} in the destination; the mapping expects ${t.type}`);
        const missing = (t.choices ?? []).filter((c) => field!.choices.length && !field!.choices.some((x) => x.value.toLowerCase() === c.toLowerCase()));
        if (missing.length) problem(f.column, t.name, `custom field ${t.name} lacks the choices ${missing.map((c) => `'${c}'`).join(', ')}`);
      }
      claim(f.column, t.name);
      steps.push(writeStep(f, field, coercerFor(field, context(f, t.name)), (s, value) => void (s.custom[t.name] = value)));
    } else {
      const field = fieldNamed(t.field);
      if (!field || !TEXT_TYPES.has(field.type)) {
        problem(f.column, t.field, field ? `${t.field} is a ${field.type} field; labelled lines need a text field` : `Freshsales ${entity} have no field ${t.field}`);
        continue;
      }
      steps.push((s) => {
        const cell = readCell(s.row[f.column]);
        if (cell === undefined) return;
        const lines = s.appends.get(t.field) ?? [];
        lines.push(`${f.column}: ${Array.isArray(cell) ? cell.join(', ') : cell}`);
        s.appends.set(t.field, lines);
      });
    }
  }

  // Values the mapping fixes for every record no column fills (a ticket's pipeline, a lead's lifecycle stage), resolved once.
  const fixed = new Map<string, unknown>();
  for (const v of object.fixed ?? []) {
    const field = fieldNamed(v.field);
    if (!field) problem(null, v.field, `Freshsales ${entity} have no field ${v.field}, which the mapping fixes to '${v.value}'`);
    else if (!filledBy.has(v.field)) {
      const r = coercerFor(field, { column: `fixed ${v.field}`, profile: undefined, valueMap: undefined, destination, problem: (m) => problem(null, v.field, m) })(v.value);
      if (r.ok) fixed.set(v.field, r.value);
      else problem(null, v.field, `the value the mapping fixes: ${r.reason}`);
    }
  }

  const markerField = isActivityEntity(entity) ? ACTIVITY_TEXT_FIELD[entity] : null;
  if (markerField !== null) {
    if (!TEXT_TYPES.has(fieldNamed(markerField)?.type ?? '')) problem(null, markerField, `Freshsales ${entity} have no text field ${markerField}; Ferry records where each record came from in it`);
  } else {
    for (const name of [PROVENANCE.sourceId, ...(timestamps.created ? [PROVENANCE.createdAt] : []), ...(timestamps.updated ? [PROVENANCE.updatedAt] : [])])
      if (!fieldNamed(name)) problem(null, name, `custom field ${name} (text) is missing in the destination's ${entity}; Ferry records where each record came from in it`);
  }

  // A carried row fills a record another row writes, which brings its own required values.
  const required = input.enrichment ? [] : fields.filter((f) => f.required && !input.provided?.has(f.name));
  // An account made from the same source row as a contact (Promio customers): a row without a company name is a
  // person, and makes the contact alone.
  const sharesRowWithContact = entity === 'sales_accounts' && mapping.relationships.some((r) => r.to.row === object.row && r.from.row !== object.row && r.from.column === null && r.to.column === null);
  const nameColumn = filledBy.get('name');
  for (const r of required)
    if (!filledBy.has(r.name) && !fixed.has(r.name)) problem(null, r.name, `${r.name} (${r.label}) is required in the destination and no column fills it`);

  const transform = (row: SourceRow, position: SourcePosition): TransformResult => {
    const s: RowState = { row, data: {}, custom: {}, appends: new Map(), failures: [], owner: null };
    for (const step of steps) step(s);
    for (const [field, value] of fixed) s.data[field] ??= value;

    for (const [name, lines] of s.appends) {
      const field = fieldNamed(name)!;
      const into = field.custom ? s.custom : s.data;
      const text = [into[name], ...lines].filter((x) => x !== undefined).join('\n');
      const max = field.type === 'textarea' ? TEXT_LIMITS.textarea : TEXT_LIMITS.text;
      if (text.length > max) s.failures.push({ reason: `field ${name}: the labelled lines come to ${text.length} characters; it takes at most ${max}` });
      else into[name] = text;
    }

    const stage = s.data.deal_stage_id as string | number | undefined;
    const pipeline = s.data.deal_pipeline_id as string | number | undefined;
    if (stage !== undefined && pipeline !== undefined) {
      const inPipeline = stageInPipeline(destination.selectors.deal_stages ?? [], stage, pipeline);
      const column = filledBy.get('deal_stage_id')!;
      if (inPipeline === null) s.failures.push({ column, reason: `column ${column}: value ${quote(String(row[column]))} is not a stage of pipeline ${quote(String(row[filledBy.get('deal_pipeline_id')!]))}` });
      else s.data.deal_stage_id = inPipeline;
    }

    const id = keyColumn ? readCell(row[keyColumn]) : undefined;
    const natural = naturalKey(entity, s.data, s.email);
    // Without its id a row is still one record by the destination's own key (a contact's email, an account's name);
    // with neither, nothing could tell it from other rows or find its record again on a later run.
    if (keyColumn !== null && typeof id !== 'string' && natural === undefined)
      s.failures.push({ column: keyColumn, reason: `column ${keyColumn}: empty, and the row has no ${NATURAL_KEY_LABEL[entity] ?? 'other key'} either, so nothing identifies it; add its ${keyColumn} to the export` });
    const sourceKey = typeof id === 'string' ? id : (natural ?? `${position.file}:${position.line}`);
    const sourceId = `${object.row}:${sourceKey}`;
    const marker = markerField !== null ? activityMarker(sourceId) : undefined;
    if (markerField !== null) {
      const text = [s.data[markerField], marker].filter((x) => x !== undefined).join('\n');
      if (text.length > TEXT_LIMITS.textarea) s.failures.push({ reason: `field ${markerField}: with Ferry's source line it comes to ${text.length} characters; it takes at most ${TEXT_LIMITS.textarea}` });
      else s.data[markerField] = text;
    }

    if (sharesRowWithContact && nameColumn !== undefined && s.data.name === undefined)
      return { ok: false, skip: true, column: nameColumn, reason: `column ${nameColumn}: empty, so this row is a person, not a business: it makes a contact and no account` };

    const stamps = timestamps.read(row);
    s.failures.push(...stamps.failures);
    for (const r of required) {
      if ((r.custom ? s.custom : s.data)[r.name] !== undefined) continue;
      const column = filledBy.get(r.name);
      s.failures.push(
        column !== undefined
          ? { column, reason: `column ${column}: empty, but ${r.name} (${r.label}) is required` }
          : { reason: `${r.name} (${r.label}) is required and no column fills it` },
      );
    }
    if (s.failures.length) {
      const reasons = [...new Set(s.failures.map((f) => f.reason))];
      const column = s.failures.find((f) => f.column !== undefined)?.column;
      return { ok: false, reason: reasons.join('; '), ...(column !== undefined ? { column } : {}) };
    }

    if (markerField === null) {
      s.custom[PROVENANCE.sourceId] = sourceId;
      if (stamps.createdAt) s.custom[PROVENANCE.createdAt] = stamps.createdAt;
      if (stamps.updatedAt) s.custom[PROVENANCE.updatedAt] = stamps.updatedAt;
    }
    // Activities other than sales activities refuse custom_field altogether, even empty.
    const data = markerField !== null && Object.keys(s.custom).length === 0 ? { ...s.data } : { ...s.data, custom_field: s.custom };
    // A contact that names no company at all goes under the scope's catch-all account (a link that names a missing
    // company is another matter: it loads without it, with a warning).
    const refs = links.refs(row, position);
    if (s.accountName === undefined && object.catchAllAccount && entity === 'contacts' && !refs.some((r) => ACCOUNT_LINK_FIELDS.has(r.field))) s.accountName = object.catchAllAccount;
    const record: StagedRecord = {
      sourceKey,
      identifier: identifierOf(entity, data, sourceId, s.email),
      data,
      owner: s.owner,
      refs,
      keys: links.keys(row, position),
      ...(s.accountName !== undefined ? { accountName: s.accountName } : {}),
      ...(s.email !== undefined ? { email: s.email } : {}),
      ...(natural !== undefined ? { dedupeKey: natural } : {}),
      ...(stamps.cursor !== undefined ? { cursor: stamps.cursor } : {}),
      ...(marker !== undefined ? { marker } : {}),
    };
    return { ok: true, record };
  };

  return { transform, problems };
}
