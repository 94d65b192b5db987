import type { Issue } from '../../../rules/validate.ts';
import { normaliseKey } from '../text.ts';

/** One automation the customer runs in the source CRM, as described in their workflow file. */
export interface SourceWorkflow {
  name: string;
  object: string;
  trigger: string;
  conditions: string;
  actions: string[];
  file: string;
  line: number;
}

/** Header spellings for each part of a workflow description. */
const COLUMNS = {
  name: ['name', 'workflow', 'workflowname', 'rule', 'rulename', 'automation', 'title'],
  object: ['object', 'module', 'entity', 'recordtype', 'appliesto', 'table'],
  trigger: ['trigger', 'event', 'when', 'triggeredby', 'starts'],
  conditions: ['conditions', 'condition', 'criteria', 'filter', 'filters', 'if'],
  actions: ['actions', 'action', 'then', 'steps', 'do'],
} as const;

type Part = keyof typeof COLUMNS;

/** Actions listed in one cell are split on " | ", ";" or new lines. */
const splitActions = (v: string | string[]) => (Array.isArray(v) ? v : v.split(/\s\|\s|;|\r?\n/)).map((a) => a.trim()).filter(Boolean);

export class InvalidWorkflowFile extends Error {
  readonly code = 'BAD_REQUEST' as const;
  readonly details: (Issue & { file: string; line?: number })[];
  constructor(details: (Issue & { file: string; line?: number })[]) {
    super(`${details[0]!.file}: ${details.map((d) => `${d.line ? `line ${d.line}: ` : ''}${d.message}`).slice(0, 3).join('; ')}`);
    this.details = details;
  }
}

/** Reads workflow rows (from CSV or JSON alike), naming the file, line and field of every row that lacks what it needs. */
export function parseWorkflows(file: string, headers: string[], rows: { record: Record<string, string | string[]>; line: number }[]): SourceWorkflow[] {
  const column = Object.fromEntries(
    (Object.keys(COLUMNS) as Part[]).map((part) => [part, headers.find((h) => (COLUMNS[part] as readonly string[]).includes(normaliseKey(h)))]),
  ) as Record<Part, string | undefined>;
  const issues: (Issue & { file: string; line?: number })[] = [];
  for (const part of ['name', 'trigger', 'actions'] as const)
    if (!column[part]) issues.push({ file, path: part, message: `no "${part}" column (headers: ${headers.join(', ')})` });
  if (issues.length) throw new InvalidWorkflowFile(issues);
  const text = (r: Record<string, string | string[]>, part: Part) => {
    const v = column[part] ? r[column[part]!] : undefined;
    return (Array.isArray(v) ? v.join('; ') : (v ?? '')).trim();
  };
  const out: SourceWorkflow[] = [];
  for (const { record, line } of rows) {
    const w = {
      name: text(record, 'name'),
      object: text(record, 'object'),
      trigger: text(record, 'trigger'),
      conditions: text(record, 'conditions'),
      actions: splitActions(record[column.actions!] ?? ''),
      file,
      line,
    };
    for (const part of ['name', 'trigger'] as const) if (!w[part]) issues.push({ file, line, path: column[part]!, message: `workflow ${part} is empty` });
    if (!w.actions.length) issues.push({ file, line, path: column.actions!, message: `workflow "${w.name}" lists no actions` });
    out.push(w);
  }
  if (!out.length) issues.push({ file, path: '(file)', message: 'no workflows in the file' });
  if (issues.length) throw new InvalidWorkflowFile(issues);
  return out;
}
