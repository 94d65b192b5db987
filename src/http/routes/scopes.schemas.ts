import { z } from '@hono/zod-openapi';
import { EstimateInput } from '../../estimator/input.ts';
import { Mapping } from '../../scoping/mapping/document.ts';
import { FRESHSALES_EDITIONS } from '../../scoping/editions.ts';
import { SCOPE_STATUSES } from '../../scoping/statuses.ts';
import type { Context } from 'hono';
import type { AppEnv } from '../context.ts';

export const ScopeId = z.object({ id: z.string().min(1).openapi({ description: 'Scope id, e.g. scp_…' }) });

export const CreateScopeBody = z
  .object({
    name: z.string().trim().min(1).max(200).describe('The customer or project, e.g. "Acme Corp migration"'),
    estimateId: z.string().min(1).optional().describe('A stored quote to start from'),
    estimate: EstimateInput.optional().describe('Or the same input as POST /api/v1/estimates'),
    edition: z
      .enum(FRESHSALES_EDITIONS)
      .optional()
      .describe('The Freshsales edition the customer runs: "suite" (default; leads become contacts at the Lead stage) or "classic" (leads stay leads)'),
  })
  .strict()
  .openapi('CreateScope');

/** Scope views are large and nested; their parts are documented by the endpoints that edit them. */
export const ScopeView = z
  .object({ id: z.string(), name: z.string(), status: z.enum(SCOPE_STATUSES), currentVersion: z.number().int().nullable() })
  .passthrough()
  .openapi('Scope');

export const MappingVersion = z
  .object({ scopeId: z.string(), version: z.number().int(), status: z.enum(SCOPE_STATUSES), hash: z.string(), mapping: Mapping, openQuestions: z.array(z.unknown()) })
  .openapi('MappingVersion');

export const MappingBody = z.object({ mapping: Mapping, note: z.string().max(500).optional() }).strict().openapi('SaveMapping');

/** The scoping engine's dependencies, from the request's services. */
export const scopingDeps = (c: Context<AppEnv>) => {
  const s = c.get('services');
  return { db: s.db, kb: s.kb, rules: s.scopingRules };
};
