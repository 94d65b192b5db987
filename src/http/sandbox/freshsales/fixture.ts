import { z } from 'zod';
import defaultsJson from '../../../../rules/scoping/freshsales-defaults.json' with { type: 'json' };
import fieldTypesJson from '../../../../rules/scoping/field-types.json' with { type: 'json' };
import { FRESHSALES_FIELD_TYPES } from '../../../../rules/schema/platform.ts';
import { FieldTypeRules, FreshsalesDefaults } from '../../../../rules/schema/scoping.ts';
import accountJson from '../../../../test/fixtures/freshsales/default-account.json' with { type: 'json' };

const FixtureField = z.strictObject({
  name: z.string().min(1),
  label: z.string().min(1),
  type: z.enum(FRESHSALES_FIELD_TYPES),
  required: z.boolean().optional(),
  multiple: z.boolean().optional(),
  choices: z.array(z.string().min(1)).optional(),
  /** Sandbox annotation: the selector list this dropdown's choices are drawn from. */
  choices_from: z.string().min(1).optional(),
  /** Sandbox annotation: a system field that writes ignore. */
  read_only: z.boolean().optional(),
});
export type FixtureField = z.infer<typeof FixtureField>;

export const VIEW_KINDS = ['all', 'mine', 'new', 'recent', 'open', 'won', 'lost'] as const;

/** The shape of test/fixtures/freshsales/default-account.json (or a replacement passed as the `account` option). */
export const AccountFixture = z.strictObject({
  notes: z.string(),
  account: z.strictObject({
    name: z.string().min(1),
    timeZone: z.string().min(1),
    utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/, 'an offset like -05:00'),
    baseCurrency: z.string().length(3),
  }),
  fields: z.record(z.string(), z.array(FixtureField)),
  writeOnlyKeys: z.record(z.string(), z.array(z.string().min(1))),
  selectors: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
  views: z.record(z.string(), z.array(z.strictObject({ name: z.string().min(1), kind: z.enum(VIEW_KINDS), is_default: z.boolean().optional() }))),
});
export type AccountFixture = z.infer<typeof AccountFixture>;

function parseFile<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const r = schema.safeParse(data);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${file} is invalid: ${issues}`);
  }
  return r.data;
}

export const parseAccountFixture = (data: unknown, source = 'account fixture') => parseFile(AccountFixture, data, source);

/** The default account, parsed once. */
export const defaultAccountFixture = parseAccountFixture(accountJson, 'test/fixtures/freshsales/default-account.json');

/** Pipeline, lifecycle stages, subscription statuses and admin shared with the scoping engine, so both agree on a fresh account. */
export const freshsalesDefaults = parseFile(FreshsalesDefaults, defaultsJson, 'rules/scoping/freshsales-defaults.json');

/** Text lengths and choice caps, shared with the scoping engine. */
export const fieldTypeRules = parseFile(FieldTypeRules, fieldTypesJson, 'rules/scoping/field-types.json');
