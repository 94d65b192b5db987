// npm run bench:reports — building and rendering the scope PDF of a large, realistic scope (10 export files × 60
// columns, 40 workflows), beside a one-page document through the same renderPdf in the same process. The scope goes
// through the real discovery, proposal, question, checklist and workflow code; nothing is hand-built but the CSV text.
import { writeFileSync } from 'node:fs';
import { knowledgeBase } from '../rules/index.ts';
import type { SourcePlatform } from '../rules/schema/platform.ts';
import { estimate } from '../src/estimator/estimate.ts';
import { estimatorRules } from '../src/estimator/rules.ts';
import { loadReportFonts } from '../src/http/entry/report-fonts.node.ts';
import type { ReportDocument } from '../src/reports/document.ts';
import { renderPdf } from '../src/reports/pdf/render.ts';
import type { ScopeReportInput } from '../src/reports/scope/input.ts';
import { scopeReport } from '../src/reports/scope/scope-report.ts';
import { inventoryFile, profileFile } from '../src/scoping/discovery/discover.ts';
import { mergeInventory } from '../src/scoping/discovery/merge.ts';
import type { MappingContext } from '../src/scoping/mapping/context.ts';
import { contentHash } from '../src/scoping/mapping/hash.ts';
import { proposeMapping } from '../src/scoping/mapping/propose.ts';
import { openQuestions } from '../src/scoping/mapping/questions.ts';
import { scopingRules } from '../src/scoping/rules.ts';
import { buildChecklist } from '../src/scoping/setup/checklist.ts';
import { DEFAULT_UPLOAD_LIMITS } from '../src/scoping/upload/index.ts';
import { parseWorkflows } from '../src/scoping/workflows/parse.ts';
import { recommendWorkflows } from '../src/scoping/workflows/recommend.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARMUPS = 3;
const ROWS = 200;
const COLUMNS = 60;
const WORKFLOWS = 40;
const OUT = '/tmp/ferry-bench-scope.pdf';
const creationDate = new Date('2026-05-01T10:00:00Z');

// ---- Synthetic exports: seeded, so every run profiles the same bytes. ----

let seed = 0x5eed;
/** mulberry32: small, fast and good enough to spread synthetic values. */
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pad = (n: number) => String(n).padStart(2, '0');

const FIRST = ['Dana', 'Marcus', 'Priya', 'Greg', 'Zoë', 'René', 'Jürgen', 'Maria', 'Kenji', 'Aisha', 'Tomás', 'Ingrid', 'Oluwaseun', 'Li'];
const LAST = ['Whitfield', 'Oyelaran', 'Raman', 'Lorne', 'Müller', 'Dubois', 'Weiß', 'Gonzalez', 'Tanaka', 'Khan', 'Ortega', 'Berg', 'Adeyemi', 'Wei'];
const COMPANIES = ['Brandt & Söhne GmbH', 'Smith, Barnes & Co.', 'Pacific Pumps Inc', 'Desert Solar LLC', 'Nordlys Design ApS', 'Café Lumière', 'Greenfield Agriculture', 'Tōkyō Trading KK'];
const CITIES = ['San Francisco', 'Berlin', 'Seattle', 'Portland', 'København', 'Phoenix', 'Fresno', 'Tokyo'];
const STATES = ['CA', 'OR', 'WA', 'AZ', 'NY', 'TX'];
const COUNTRIES = ['USA', 'Germany', 'Denmark', 'Japan', 'Canada', 'United Kingdom'];
const OWNERS = ['Dana Whitfield', 'Marcus Oyelaran', 'Priya Raman', 'Greg Lorne', 'Sam Okafor', 'Lena Fischer'];
const WORDS = 'customer asked about renewal pricing, wants a call back next week; shipment delayed by customs; pilot went well and the team would like to expand to three more sites; follow up on the open invoice; prefers email over phone'.split(' ');

/** Choices for the platform's own picklists, by field id, and for the synthetic custom picklists, by header. */
const CHOICES: Record<string, string[]> = {
  LifecycleStage: ['Suspect', 'Prospect', 'Lead', 'Customer', 'Former Customer'],
  Industry: ['Hospitality', 'Manufacturing', 'Professional Services', 'Design', 'Energy', 'Agriculture', 'Industrial Equipment'],
  Pipeline: ['New Business', 'Renewals'],
  Stage: ['Prospecting', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'],
  LeadSource: ['Referral', 'Web', 'Trade Show', 'Webinar', 'Existing Customer'],
  ActivityType: ['Call', 'Meeting', 'Task', 'Email'],
  Status: ['Open', 'Completed', 'Cancelled', 'In Progress'],
  RelatedTo: ['Contact', 'Account', 'Deal', 'Ticket'],
  Visibility: ['Public', 'Internal', 'Agents only'],
  TicketType: ['Question', 'Incident', 'Problem', 'Feature Request'],
  Priority: ['Low', 'Medium', 'High', 'Urgent'],
  ParentType: ['Contact', 'Account', 'Deal'],
  StageType: ['Open', 'Won', 'Lost'],
  'Preferred Language': ['English', 'French', 'German', 'Danish', 'Japanese', 'Spanish'],
  Region: ['West', 'East', 'Central', 'EMEA', 'APAC', 'LATAM'],
  Segment: ['SMB', 'Mid-Market', 'Enterprise'],
  'Payment Terms': ['Net 15', 'Net 30', 'Net 60', 'Prepaid'],
  'Account Tier': ['Bronze', 'Silver', 'Gold', 'Platinum'],
  'Churn Risk': ['Low', 'Medium', 'High'],
  Competitor: ['Salesforce', 'HubSpot', 'Zoho', 'Pipedrive', 'None'],
  'Support Plan': ['Standard', 'Premium', '24/7'],
  'Campaign Source': ['Spring Webinar 2024', 'Trade Show 2023', 'Newsletter', 'Partner Referral', 'Google Ads'],
  Territory: ['North', 'South', 'East', 'West'],
  'Subscription Status': ['Active', 'Trial', 'Cancelled', 'Past Due'],
  'Time Zone': ['PST', 'MST', 'CST', 'EST', 'CET', 'JST'],
  'Preferred Contact Method': ['Email', 'Phone', 'SMS', 'Mail'],
  Warehouse: ['Reno', 'Memphis', 'Rotterdam'],
  Interests: ['Pumps', 'Sensors', 'Service', 'Training', 'Financing'],
  'Product Interest': ['Espresso', 'Grinders', 'Parts', 'Maintenance'],
  Tags: ['VIP', 'Newsletter', 'Beta Program', 'Do Not Email', 'Partner'],
  Groups: ['Newsletter', 'VIP', 'Beta Program', 'Trade Show 2023'],
  TicketTypes: ['Question', 'Incident', 'Problem'],
  Resources: ['Dana Whitfield', 'Marcus Oyelaran', 'Priya Raman'],
};

type Kind = 'name' | 'company' | 'owner' | 'code' | 'handle' | SourcePlatform['objects'][number]['fields'][number]['type'];

/** Customer-specific columns every export carries after the platform's own: a mix of every type a profiler meets. */
const CUSTOM: [string, Kind][] = [
  ['Preferred Language', 'picklist'], ['Referral Notes', 'textarea'], ['Secondary Email', 'email'], ['Assistant Phone', 'phone'],
  ['Renewal Date', 'date'], ['Contract Value', 'money'], ['Region', 'picklist'], ['Lead Score', 'number'], ['LinkedIn Profile', 'url'],
  ['Do Not Call', 'boolean'], ['Interests', 'multi_value'], ['Internal Notes', 'textarea'], ['Segment', 'picklist'],
  ['Last Contacted', 'datetime'], ['Billing Contact', 'name'], ['Billing Email', 'email'], ['Fax', 'phone'], ['Credit Limit', 'money'],
  ['Payment Terms', 'picklist'], ['Tax ID', 'code'], ['Account Tier', 'picklist'], ['NPS', 'number'], ['Onboarding Date', 'date'],
  ['Churn Risk', 'picklist'], ['Product Interest', 'multi_value'], ['Competitor', 'picklist'], ['Discount Percent', 'number'],
  ['Support Plan', 'picklist'], ['Website Visits', 'number'], ['Campaign Source', 'picklist'], ['Territory', 'picklist'],
  ['Partner Name', 'company'], ['Partner Email', 'email'], ['Emergency Phone', 'phone'], ['Last Order Date', 'date'],
  ['Lifetime Value', 'money'], ['Subscription Status', 'picklist'], ['Newsletter Opt In', 'boolean'], ['Marketing Notes', 'textarea'],
  ['Survey Comment', 'textarea'], ['Tags', 'multi_value'], ['Time Zone', 'picklist'], ['Preferred Contact Method', 'picklist'],
  ['Birthday', 'date'], ['Twitter Handle', 'handle'], ['Project Code', 'code'], ['Budget', 'money'], ['Decision Maker', 'boolean'],
  ['Next Review', 'datetime'], ['Account Manager', 'owner'], ['Success Manager Email', 'email'], ['Warehouse', 'picklist'],
  ['SLA Hours', 'number'], ['Contract End', 'date'], ['Escalation Notes', 'textarea'], ['GDPR Consent Date', 'datetime'],
];

const date = () => `${pad(int(1, 12))}/${pad(int(1, 28))}/${int(2017, 2025)}`;
const sentence = (max: number) => Array.from({ length: int(3, max) }, () => pick(WORDS)).join(' ');

/** One cell; `key` picks the choices (the field id for the platform's own fields, the header for custom ones). */
function value(header: string, key: string, kind: Kind, row: number): string {
  switch (kind) {
    case 'id': return `${header.replace(/ID$/i, '').slice(0, 3).toUpperCase() || 'REC'}-${10000 + row}`;
    case 'name': return `${pick(FIRST)} ${pick(LAST)}`;
    case 'company': return pick(COMPANIES);
    case 'owner': return pick(OWNERS);
    case 'code': return `${pick(['TX', 'PRJ', 'DE'])}-${int(100000, 999999)}`;
    case 'handle': return `@${pick(FIRST).toLowerCase()}${int(1, 999)}`;
    case 'email': return `${pick(FIRST).toLowerCase()}.${pick(LAST).toLowerCase()}${row}@${pick(['acme', 'northwind', 'contoso'])}.example`;
    case 'phone': return `(${int(200, 989)}) 555-${String(int(0, 9999)).padStart(4, '0')}`;
    case 'url': return `https://${pick(['www.', ''])}${pick(['lumiere', 'pacificpumps', 'nordlys', 'desertsolar'])}.example/${int(1, 99)}`;
    case 'date': return date();
    case 'datetime': return `${date()} ${pad(int(1, 12))}:${pad(int(0, 59))} ${pick(['AM', 'PM'])}`;
    case 'money': return `$${(int(0, 25_000_000) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    case 'number': return String(int(0, 1200));
    case 'boolean': return pick(['Yes', 'No']);
    case 'picklist': return pick(CHOICES[key] ?? ['Option A', 'Option B', 'Option C']);
    case 'multi_value': return [...new Set(Array.from({ length: int(1, 3) }, () => pick(CHOICES[key] ?? ['A', 'B', 'C'])))].join(';');
    case 'textarea': return sentence(30) + (rand() < 0.1 ? `\n${sentence(12)}` : '');
    case 'reference': return /owner|assigned|manager|author|uploaded/i.test(header) ? pick(OWNERS) : `${header.slice(0, 1)}-${int(1000, 9999)}`;
    case 'text':
      if (/first/i.test(header)) return pick(FIRST);
      if (/last/i.test(header)) return pick(LAST);
      if (/account|company/i.test(header)) return pick(COMPANIES);
      if (/city/i.test(header)) return pick(CITIES);
      if (/state/i.test(header)) return pick(STATES);
      if (/country/i.test(header)) return pick(COUNTRIES);
      if (/zip|postal/i.test(header)) return String(int(10000, 99999));
      if (/currency/i.test(header)) return pick(['USD', 'EUR', 'GBP']);
      return sentence(6);
  }
}

const csvCell = (v: string) => (/[",\n;]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** One export: the object's own fields first (alternately by id and by label, as real exports mix them), then custom columns up to 60. */
function exportCsv(object: SourcePlatform['objects'][number]) {
  const own = object.fields.map((f, i): [string, string, Kind] => [i % 2 ? f.label : f.id, f.id, f.type]);
  const taken = new Set(own.map(([h]) => h));
  const custom = CUSTOM.filter(([h]) => !taken.has(h)).map(([h, kind]): [string, string, Kind] => [h, h, kind]);
  const columns = [...own, ...custom].slice(0, COLUMNS);
  const lines = [columns.map(([h]) => csvCell(h)).join(',')];
  for (let row = 0; row < ROWS; row++)
    // About one optional cell in eight is empty, as in real exports; ids never are.
    lines.push(columns.map(([h, key, kind]) => (kind !== 'id' && rand() < 0.12 ? '' : csvCell(value(h, key, kind, row)))).join(','));
  return lines.join('\r\n') + '\r\n';
}

async function* chunks(bytes: Uint8Array, size = 64 * 1024) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

// ---- The scope: real discovery, proposal, questions, checklist, workflows and quote. ----

const kb = knowledgeBase;
const source = kb.source('soffront')!;
const ctx: MappingContext = {
  rules: scopingRules,
  source,
  destination: kb.destination('freshsales')!,
  pair: kb.pair('soffront', 'freshsales')!,
  plan: 'enterprise',
  edition: 'suite',
  memory: [],
};

/** Ten files over the objects that migrate; deal stages and custom objects have no standard export name, so they are overridden, and contacts come in two exports. */
const FILES: { name: string; object: string; override?: boolean }[] = [
  { name: 'Contacts.csv', object: 'contact' },
  { name: 'Contacts-Europe.csv', object: 'contact', override: true },
  { name: 'Accounts.csv', object: 'account' },
  { name: 'Opportunities.csv', object: 'deal' },
  { name: 'DealStages.csv', object: 'deal_stage', override: true },
  { name: 'Activities.csv', object: 'activity' },
  { name: 'KnowledgeBase.csv', object: 'kb_article' },
  { name: 'Tickets.csv', object: 'ticket' },
  { name: 'Equipment.csv', object: 'custom_object', override: true },
  { name: 'Attachments.csv', object: 'attachment' },
];

const TRIGGERS = ['Record created', 'Record is updated', 'Stage changes to Closed Won', '3 days before renewal date', 'Form submitted on the website', 'Tag added: VIP', 'Email opened', 'Status not changed for 24 hours', 'Missed call', 'Run manually'];
const ACTIONS = ['Assign owner by round robin', 'Send welcome email', 'Create task for the account manager', 'Notify the sales team', 'Set status to Contacted', 'Add tag Hot lead', 'Move stage to Negotiation', 'Wait 2 days', 'Send SMS reminder', 'HTTP POST to the ERP webhook', 'Archive the record in the legacy portal', 'Create deal for the renewal'];
const LABELS = ['Contact', 'Account', 'Deal', 'Activity', 'Ticket', 'Knowledge base article'];

function workflowRows() {
  return Array.from({ length: WORKFLOWS }, (_, i) => ({
    line: i + 2,
    record: {
      name: `${pick(['West region', 'EMEA', 'Key account', 'Renewal', 'Support', 'Onboarding'])} ${pick(['routing', 'follow-up', 'escalation', 'hand-off', 'reminder'])} ${i + 1}`,
      object: pick(LABELS),
      trigger: pick(TRIGGERS),
      conditions: rand() < 0.7 ? `${pick(['Region', 'Priority', 'Amount', 'Segment'])} is ${pick(['West', 'High', 'greater than $10,000', 'Enterprise'])}` : '',
      actions: Array.from({ length: int(1, 4) }, () => pick(ACTIONS)),
    },
  }));
}

async function buildInput(): Promise<ScopeReportInput> {
  const files = [];
  for (const f of FILES) {
    const object = source.objects.find((o) => o.id === f.object)!;
    const profiled = await profileFile(source, { name: f.name, body: chunks(new TextEncoder().encode(exportCsv(object))) }, DEFAULT_UPLOAD_LIMITS);
    const file = inventoryFile(source, profiled, f.override ? f.object : undefined);
    if (file.object !== f.object) throw new Error(`${f.name}: recognised as ${file.object}, expected ${f.object}; give it an override`);
    files.push(file);
  }
  const inventory = mergeInventory(files);
  const mapping = proposeMapping(ctx, inventory);
  const workflows = parseWorkflows('workflows.csv', ['name', 'object', 'trigger', 'conditions', 'actions'], workflowRows());
  const quote = await estimate(
    { kb, rules: estimatorRules },
    {
      source: 'soffront',
      destination: 'freshsales',
      plan: 'enterprise',
      records: { contact: 50_000, account: 8_000, deal: 12_000, deal_stage: 40, activity: 250_000, kb_article: 600, ticket: 30_000, custom_object: 5_000, attachment: 20_000 },
      customFields: { contact: 45, account: 46, deal: 46 },
      attachments: { count: 20_000, totalMb: 8_000, largestMb: 40 },
      workflows: WORKFLOWS,
    },
  );
  return {
    scope: { id: 'scp_bench0001', name: 'Northwind Traders', status: 'proposed', plan: 'enterprise' },
    version: { version: 3, status: 'proposed', hash: await contentHash(mapping), createdAt: creationDate, approvedBy: null, approvedAt: null, signedOffBy: null, signedOffAt: null },
    quote,
    ctx,
    mapping,
    files,
    inventory,
    questions: openQuestions(mapping, ctx, files),
    workflows: recommendWorkflows(workflows, ctx.rules.workflows, ctx.plan),
    checklist: buildChecklist(mapping, ctx),
    generatedAt: creationDate,
  };
}

// ---- Measure. ----

/** Nearest-rank percentile: with 20 samples, p95 is the 19th, not the single worst. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function measure(render: () => Promise<Uint8Array>) {
  for (let i = 0; i < WARMUPS; i++) await render();
  const times: number[] = [];
  let bytes: Uint8Array = new Uint8Array();
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    bytes = await render();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), bytes };
}

/** pdfkit writes page dictionaries uncompressed, so each page is one `/Type /Page` (the tree root is `/Pages`). */
const pageCount = (pdf: Uint8Array) => new TextDecoder('latin1').decode(pdf).match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;

const fonts = loadReportFonts();
const setupStarted = performance.now();
const input = await buildInput();
const setupMs = performance.now() - setupStarted;

const onePage: ReportDocument = {
  title: 'Benchmark baseline',
  meta: [],
  header: 'Baseline',
  blocks: [{ kind: 'paragraph', text: 'One paragraph on one page: the fixed cost of a document, its fonts and its page furniture.' }],
};
const baseline = await measure(() => renderPdf(onePage, fonts, { creationDate }));
const scope = await measure(() => renderPdf(scopeReport(input), fonts, { creationDate }));
writeFileSync(OUT, scope.bytes);

const fields = input.mapping!.objects.reduce((n, o) => n + o.fields.length, 0);
const ms = (n: number) => `${n.toFixed(1).padStart(6)} ms`;
const line = (r: typeof scope) => `p50 ${ms(r.p50)}   p95 ${ms(r.p95)}   ${pageCount(r.bytes)} pages, ${(r.bytes.length / 1024).toFixed(0)} KB`;
console.log(`bench:reports  ${RUNS} runs after ${WARMUPS} warm-ups each, one process`);
console.log(
  `  scope: ${FILES.length} files × ${COLUMNS} columns × ${ROWS} rows, ${input.inventory.length} objects, ${fields} field lines, ` +
    `${input.mapping!.valueMaps.length} value maps, ${input.questions.length} questions, ${input.workflows.length} workflows (discovery + proposal once: ${setupMs.toFixed(0)} ms)`,
);
console.log(`  one-page document       ${line(baseline)}`);
console.log(`  scope model + PDF       ${line(scope)}`);
console.log(`  ratio scope/one-page p50 = ${(scope.p50 / baseline.p50).toFixed(2)}  (target <= 5; scope p50 target < 150 ms)`);
console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; scope PDF written to ${OUT}`);
