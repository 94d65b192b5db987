import { listVersions } from './repository.ts';
import type { ScopeState, ScopingDeps } from './state.ts';
import { buildChecklist } from '../setup/checklist.ts';

/** The public view of a version: never the mapping body (that has its own endpoint). */
const versionView = (v: Awaited<ReturnType<typeof listVersions>>[number]) => ({
  version: v.version,
  status: v.status,
  hash: v.hash,
  note: v.note,
  createdBy: v.createdBy,
  createdAt: v.createdAt.toISOString(),
  approvedBy: v.approvedBy,
  approvedAt: v.approvedAt?.toISOString() ?? null,
  signedOffBy: v.signedOffBy,
  signedOffAt: v.signedOffAt?.toISOString() ?? null,
});

/** What GET /scopes/:id answers: status, quote summary, discovery, versions, open questions and the setup checklist. */
export async function scopeView(deps: ScopingDeps, state: ScopeState) {
  const { scope, quote, discovery, inventory, mapping, questions, ctx } = state;
  const versions = await listVersions(deps.db, scope.id);
  return {
    id: scope.id,
    name: scope.name,
    status: scope.status,
    source: { id: ctx.source.id, name: ctx.source.name },
    destination: { id: ctx.destination.id, name: ctx.destination.name },
    plan: scope.plan,
    edition: scope.edition,
    estimateId: scope.estimateId,
    quote: {
      compatibility: { mapped: quote.compatibility.oneToOne, total: quote.compatibility.total, percent: quote.compatibility.percent },
      overallGrade: quote.grades.overall.grade,
      calendar: quote.timeline.calendar,
      price: { total: quote.price.total, currency: quote.price.currency, scopedIndividually: quote.price.scopedIndividually },
    },
    currentVersion: scope.currentVersion || null,
    versions: versions.map(versionView),
    discovery: {
      files: discovery.files.map(({ columns, ...f }) => ({ ...f, columns: columns.length })),
      objects: inventory,
      workflows: discovery.workflows.map((w) => ({ file: w.file, count: w.items.length })),
    },
    openQuestions: questions,
    setup: mapping ? buildChecklist(mapping, ctx) : null,
    createdAt: scope.createdAt.toISOString(),
    updatedAt: scope.updatedAt.toISOString(),
  };
}
