// Ferry's public website: the CRM migration estimator at GET /. Self-contained (inline CSS and script, no CDN, no
// build step) so it works offline and on Workers without static assets. The page only talks to the public API:
// GET /api/v1/platforms for the choices and POST /api/v1/estimates for the quote.

const styles = String.raw`
:root{
  --ink:#0f1b33;--ink-2:#334155;--muted:#5b6577;--line:#e2e7ef;--line-2:#cfd6e2;--bg:#f4f6fa;--panel:#fff;
  --navy:#0f1b33;--navy-2:#17284a;--accent:#0b6e4f;--accent-2:#0a5c42;--accent-soft:#e6f4ee;--focus:#1d4ed8;
  --danger:#b42318;--danger-soft:#fdecea;--warn:#a15c07;--warn-soft:#fff5e0;
  --g-a:#0b6e4f;--g-b:#3f7d1c;--g-c:#a15c07;--g-d:#c2410c;--g-e:#b42318;
  --radius:12px;--shadow:0 1px 2px rgba(15,27,51,.06),0 4px 16px rgba(15,27,51,.06);
}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);overflow-wrap:break-word}
a{color:var(--accent)}
h1,h2,h3{line-height:1.2;margin:0}
p{margin:0}
.wrap{max-width:1200px;margin:0 auto;padding:0 20px}
.sr-only{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.skip{position:absolute;left:12px;top:-60px;background:#fff;color:var(--ink);padding:8px 12px;border-radius:8px;z-index:10}
.skip:focus{top:12px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.masthead{background:linear-gradient(160deg,var(--navy) 0%,var(--navy-2) 100%);color:#fff;padding-bottom:84px}
.topbar{display:flex;align-items:center;justify-content:space-between;padding-top:18px;padding-bottom:18px}
.brand{display:inline-flex;align-items:center;gap:10px;color:#fff;text-decoration:none;font-weight:700;font-size:20px;letter-spacing:-.01em}
.brand svg{display:block}
.topbar nav a{color:#c9d3e6;text-decoration:none;font-size:14px;padding:6px 10px;border-radius:8px}
.topbar nav a:hover{color:#fff;background:rgba(255,255,255,.08)}
.topbar :focus-visible,.hero :focus-visible{outline-color:#93c5fd}
.hero{padding-top:28px}
.eyebrow{font-size:12px;font-weight:600;letter-spacing:.08em;text-transform:uppercase;color:var(--muted)}
.hero .eyebrow{color:#7ee0b5}
.hero h1{font-size:clamp(26px,4.2vw,40px);letter-spacing:-.02em;margin:10px 0 12px;max-width:26ch;text-wrap:balance}
.hero .lede{color:#c9d3e6;font-size:16px;max-width:62ch}
.layout{display:grid;gap:20px;margin-top:-56px;padding-bottom:48px;align-items:start}
@media (min-width:960px){.layout{grid-template-columns:380px minmax(0,1fr)}.form{position:sticky;top:16px;max-height:calc(100vh - 32px);overflow-y:auto;overscroll-behavior:contain}}
.panel,.card{background:var(--panel);border:1px solid var(--line);border-radius:var(--radius);box-shadow:var(--shadow)}
.form{padding:22px}
.form h2{font-size:18px;margin-bottom:4px}
.form .sub{color:var(--muted);font-size:14px;margin-bottom:16px}
.field{margin-bottom:14px}
.field label,.legend{display:block;font-weight:600;font-size:14px;margin-bottom:6px}
.note{font-size:13px;color:var(--muted);margin-top:6px}
select,input[type=number]{width:100%;font:inherit;color:var(--ink);background:#fff;border:1px solid var(--line-2);border-radius:8px;padding:9px 11px;min-height:42px}
select{appearance:none;background-image:linear-gradient(45deg,transparent 50%,var(--muted) 50%),linear-gradient(135deg,var(--muted) 50%,transparent 50%);background-position:calc(100% - 17px) 18px,calc(100% - 12px) 18px;background-size:5px 5px;background-repeat:no-repeat;padding-right:34px}
select:hover,input[type=number]:hover{border-color:#9aa6bb}
input[type=number]{font-variant-numeric:tabular-nums}
input[aria-invalid=true]{border-color:var(--danger);background:var(--danger-soft)}
fieldset{border:0;padding:0;margin:0 0 14px;min-width:0}
legend{padding:0}
.plans .opts{display:grid;grid-template-columns:repeat(3,1fr);gap:8px}
.plan{position:relative}
.plan input{position:absolute;opacity:0;inset:0;margin:0;cursor:pointer}
.plan span{display:block;border:1px solid var(--line-2);border-radius:8px;padding:8px 4px;text-align:center;font-weight:600;font-size:14px;cursor:pointer;background:#fff}
.plan small{display:block;font-weight:400;color:var(--muted);font-size:12px;white-space:nowrap}
.plan input:checked+span{border-color:var(--accent);background:var(--accent-soft);color:var(--accent-2);box-shadow:inset 0 0 0 1px var(--accent)}
.plan input:focus-visible+span{outline:3px solid var(--focus);outline-offset:2px}
.records{border-top:1px solid var(--line);padding-top:14px}
.records legend{float:left;width:100%;margin-bottom:4px}.records legend+*{clear:both}
.rec{display:grid;grid-template-columns:minmax(0,1fr) 128px;gap:4px 12px;align-items:center;padding:5px 0}
.rec label{font-size:14px;font-weight:500;margin:0}
.rec .err{grid-column:1/-1}
.err{color:var(--danger);font-size:13px;font-weight:500;margin-top:4px}
.err:empty{display:none}
.more{border-top:1px solid var(--line);margin-top:6px;padding-top:6px}
.more summary{cursor:pointer;font-weight:600;font-size:14px;padding:8px 0;list-style:none;display:flex;align-items:center;gap:8px}
.more summary::-webkit-details-marker{display:none}
.more summary::before{content:"";width:7px;height:7px;border-right:2px solid var(--muted);border-bottom:2px solid var(--muted);transform:rotate(-45deg);transition:transform .15s}
.more[open] summary::before{transform:rotate(45deg)}
.more summary .opt{font-weight:400;color:var(--muted);font-size:13px}
.more .grid2{display:grid;grid-template-columns:1fr 1fr;gap:0 12px;align-items:end}
.more[open] summary{margin-bottom:8px}
.check{display:flex;gap:10px;align-items:flex-start;font-size:14px;margin:4px 0 12px}
.check input{width:18px;height:18px;margin:2px 0 0;accent-color:var(--accent)}
.check small{display:block;color:var(--muted);font-size:13px}
.form-error{margin:6px 0 12px;padding:10px 12px;border-radius:8px;background:var(--danger-soft);color:var(--danger);font-size:14px;border:1px solid #f5c2bd}
.form-error:empty{display:none}
.form-error ul{margin:6px 0 0;padding-left:18px}
.form-error .ref{display:block;color:#7a271a;font-size:12px;margin-top:6px}
button.primary{width:100%;display:inline-flex;align-items:center;justify-content:center;gap:10px;font-family:inherit;font-size:15px;font-weight:600;line-height:1;color:#fff;background:var(--accent);border:0;border-radius:10px;padding:14px 18px;cursor:pointer;min-height:48px}
button.primary:hover{background:var(--accent-2)}
button.primary[aria-disabled=true]{opacity:.75;cursor:progress}
.spinner{width:16px;height:16px;border-radius:50%;border:2px solid rgba(255,255,255,.4);border-top-color:#fff;animation:spin .8s linear infinite;display:none}
button[aria-disabled=true] .spinner{display:inline-block}
@keyframes spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.spinner{animation-duration:2.4s}}
.results{display:grid;gap:20px;min-width:0}
.results[aria-busy=true] .card{opacity:.55;transition:opacity .2s}
.empty{padding:36px 28px;text-align:left}
.empty h2{font-size:20px;margin:10px 0 8px}
.empty p{color:var(--muted);max-width:58ch}
.empty ul{margin:18px 0 0;padding:0;list-style:none;display:grid;gap:12px}
@media (min-width:560px){.empty ul{grid-template-columns:1fr 1fr}}
.empty li{border:1px solid var(--line);border-radius:10px;padding:12px 14px;font-size:14px;color:var(--ink-2);background:#fafbfd}
.empty li b{display:block;color:var(--ink);margin-bottom:2px}
.card{padding:22px;min-width:0}
.card>h3{font-size:17px;margin-bottom:4px}
.card>.sub{color:var(--muted);font-size:14px;margin-bottom:16px}
.summary{display:grid;grid-template-columns:auto minmax(0,1fr);gap:18px 20px;align-items:center}
.badge{width:84px;height:84px;border-radius:18px;display:grid;place-items:center;color:#fff;font-size:44px;font-weight:800;letter-spacing:-.02em}
.g-A{background:var(--g-a)}.g-B{background:var(--g-b)}.g-C{background:var(--g-c)}.g-D{background:var(--g-d)}.g-E{background:var(--g-e)}
.summary h2{font-size:22px;margin:4px 0 6px}
.summary .reason{color:var(--ink-2)}
.kpis{grid-column:1/-1;display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:4px 0 0}
.kpis div{background:#f7f9fc;border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.kpis dt{white-space:nowrap;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.06em;font-weight:600}
.kpis dd{margin:4px 0 0;font-size:18px;font-weight:700;font-variant-numeric:tabular-nums}
.kpis dd small{display:block;font-size:13px;font-weight:400;color:var(--muted)}
.dims{list-style:none;margin:0;padding:0;display:grid;gap:10px}
.dims li{display:grid;grid-template-columns:36px minmax(0,1fr);gap:12px;align-items:start;padding:10px 0;border-top:1px solid var(--line)}
.dims li:first-child{border-top:0;padding-top:0}
.chipg{width:36px;height:36px;border-radius:9px;display:grid;place-items:center;color:#fff;font-weight:800;font-size:18px}
.dims b{display:block;font-size:15px}
.dims p{color:var(--ink-2);font-size:14px}
.meter{height:10px;border-radius:99px;background:#edf0f5;overflow:hidden;margin:10px 0 16px}
.meter span{display:block;height:100%;background:var(--accent);border-radius:99px}
.big{font-size:22px;font-weight:700;letter-spacing:-.01em}
table{width:100%;border-collapse:collapse;font-size:14px}
th{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);text-align:left;font-weight:600;padding:8px 10px;border-bottom:1px solid var(--line-2)}
td{padding:10px;border-bottom:1px solid var(--line);vertical-align:top}
tbody tr:last-child td{border-bottom:0}
.pill{display:inline-block;font-size:12px;font-weight:600;padding:2px 8px;border-radius:99px;white-space:nowrap;border:1px solid transparent}
.c-1to1{background:var(--accent-soft);color:var(--accent-2)}
.c-many{background:#eef2ff;color:#3730a3}
.c-lossy{background:var(--warn-soft);color:var(--warn)}
.h-migrate{color:var(--ink-2);border-color:var(--line-2)}
.h-inventory{color:#6b4f00;background:#fff8db}
.h-not_portable{color:var(--danger);background:var(--danger-soft)}
@media (max-width:620px){
  .rows thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}
  .rows tr{display:block;padding:12px 0;border-bottom:1px solid var(--line)}
  .rows tbody tr:last-child{border-bottom:0}
  .rows td{display:flex;gap:12px;justify-content:space-between;border:0;padding:3px 0;text-align:right}
  .rows td::before{content:attr(data-label);color:var(--muted);font-size:13px;text-align:left;flex:none}
  .rows td:first-child{font-weight:600}
}
.tl-meta{display:flex;flex-wrap:wrap;gap:8px 20px;margin-bottom:16px;font-size:14px;color:var(--ink-2)}
.tl-meta b{color:var(--ink)}
.phases{list-style:none;margin:0;padding:0;display:grid;gap:10px}
.phase{display:grid;grid-template-columns:minmax(0,240px) minmax(0,1fr);gap:6px 16px;align-items:center}
.phase .pt{font-size:14px;font-weight:600;line-height:1.3}
.phase .pd{display:block;font-size:12px;font-weight:500;color:var(--muted);margin-top:2px}
.track{position:relative;height:22px;background:repeating-linear-gradient(90deg,#f1f4f8 0,#f1f4f8 calc(10% - 1px),#e4e9f0 calc(10% - 1px),#e4e9f0 10%);border-radius:6px}
.bar{position:absolute;top:3px;bottom:3px;left:var(--start);width:max(var(--span),6px);border-radius:5px;background:color-mix(in srgb,var(--k) 28%,#fff);box-shadow:inset 0 0 0 1px color-mix(in srgb,var(--k) 55%,#fff)}
.bar i{position:absolute;left:0;top:0;bottom:0;width:var(--solid);min-width:6px;border-radius:5px;background:var(--k)}
.k-discovery{--k:#475569}.k-export_request{--k:#b45309}.k-schema_setup{--k:#4f46e5}.k-extract,.k-transform,.k-load{--k:#0b6e4f}.k-sample{--k:#0e7490}.k-delta{--k:#7c3aed}.k-handoff{--k:#be185d}.k-hypercare{--k:#64748b}
.scale{display:grid;grid-template-columns:minmax(0,240px) minmax(0,1fr);gap:16px;margin-top:6px;font-size:12px;color:var(--muted)}
.scale div{display:flex;justify-content:space-between}
.legend-row{display:flex;gap:16px;flex-wrap:wrap;font-size:12px;color:var(--muted);margin-top:12px}
.legend-row span{display:inline-flex;align-items:center;gap:6px}
.legend-row i{width:18px;height:8px;border-radius:3px;background:var(--accent)}
.legend-row i.range{background:color-mix(in srgb,var(--accent) 28%,#fff);box-shadow:inset 0 0 0 1px color-mix(in srgb,var(--accent) 55%,#fff)}
@media (max-width:620px){.phase,.scale{grid-template-columns:1fr}.scale>span{display:none}}
.price td:last-child,.price th:last-child{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.price tfoot td{border-top:2px solid var(--ink);border-bottom:0;font-weight:700;font-size:18px;padding-top:12px}
.scoped{background:var(--warn-soft);border:1px solid #f3d9a4;border-radius:10px;padding:14px 16px;margin-bottom:12px}
.scoped b{display:block;font-size:17px;color:#7a4100}
.gotchas{list-style:none;margin:0;padding:0;display:grid;gap:12px}
.gotcha{border:1px solid var(--line);border-left:4px solid var(--s);border-radius:10px;padding:12px 14px}
.gotcha h4{font-size:15px;margin:0 0 4px;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.gotcha p{font-size:14px;color:var(--ink-2)}
.gotcha p+p{margin-top:6px}
.sev{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.06em;padding:2px 8px;border-radius:99px;color:#fff;background:var(--s)}
.s-blocker{--s:#7a1010}.s-high{--s:#b42318}.s-medium{--s:#b45309}.s-low{--s:#5b6577}
.notes{display:grid;gap:16px}
@media (min-width:1100px){.notes{grid-template-columns:1fr 1fr}}
.notes ul{margin:8px 0 0;padding-left:18px;font-size:14px;color:var(--ink-2)}
.notes li+li{margin-top:6px}
.notes h4{font-size:14px;margin:0}
.warnbox{background:var(--warn-soft);border:1px solid #f3d9a4;border-radius:10px;padding:12px 14px}
.footnote{font-size:12px;color:var(--muted);text-align:right}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:13px;padding:20px 0 32px}
footer .wrap{display:flex;justify-content:space-between;gap:12px;flex-wrap:wrap}
@media (max-width:480px){.wrap{padding-left:14px;padding-right:14px}.hero{padding-top:12px}.form,.card{padding:18px}.summary{gap:14px 14px;align-items:start}.summary h2{font-size:19px}.badge{width:56px;height:56px;font-size:30px;border-radius:14px}.kpis{gap:8px}.kpis div{display:flex;justify-content:space-between;align-items:baseline;gap:12px;padding:10px 12px}.kpis dd{margin:0;text-align:right;font-size:16px}.more .grid2{grid-template-columns:1fr}.rec{grid-template-columns:minmax(0,1fr) 112px}}
`;

const script = String.raw`
const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else if (k === 'style') e.style.cssText = v; else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat()) if (kid !== null && kid !== undefined && kid !== false) e.append(kid);
  return e;
};
const num = new Intl.NumberFormat('en-US');
const money = (n, cur) => {
  const f = new Intl.NumberFormat('en-US', { style: 'currency', currency: cur || 'USD', maximumFractionDigits: Number.isInteger(n) ? 0 : 2 });
  return n < 0 ? '\u2212' + f.format(-n) : f.format(n);
};
const round1 = (n) => Math.round(n * 10) / 10;
const hourText = (h) => h < 1 ? 'under 1 h' : num.format(h < 10 ? round1(h) : Math.round(h)) + ' h';
const dayText = (d) => d <= 0 ? 'under a day' : d < 1 ? hourText(d * 24) : num.format(round1(d)) + (round1(d) === 1 ? ' day' : ' days');
const rangeText = (a, b) => {
  if (b === undefined || a === b || b <= 0) return dayText(b === undefined ? a : b);
  if (b < 1) return a * 24 >= 1 ? num.format(round1(a * 24)) + '\u2013' + num.format(round1(b * 24)) + ' h' : 'up to ' + hourText(b * 24);
  if (a * 24 < 1) return 'up to ' + dayText(b);
  if (a >= 1) return num.format(round1(a)) + '\u2013' + num.format(round1(b)) + ' days';
  return dayText(a) + ' \u2013 ' + dayText(b);
};
const KIND = { discovery: 'Discovery', export_request: 'Export request', schema_setup: 'Setup', extract: 'Extract', transform: 'Transform', sample: 'Test migration', load: 'Load', delta: 'Delta', handoff: 'Handoff', hypercare: 'Hypercare' };
const SEVERITY = ['blocker', 'high', 'medium', 'low'];
const GRADE_COLOR = ['A', 'B', 'C', 'D', 'E'];

const form = $('quote-form'), sourceSel = $('source'), destSel = $('destination'), recordsBox = $('record-fields');
const planBox = $('plan-options'), submit = $('submit'), formError = $('form-error'), results = $('results'), status = $('status');
let catalogue = null, seq = 0, busy = false;
const emptyState = results.innerHTML;

function showFormError(message, items = [], requestId) {
  formError.textContent = '';
  if (!message) return;
  formError.append(el('strong', { text: message }));
  if (items.length) formError.append(el('ul', {}, items.map((t) => el('li', { text: t }))));
  if (requestId) formError.append(el('span', { class: 'ref', text: 'Reference: ' + requestId }));
}
function clearFieldErrors() {
  for (const input of form.querySelectorAll('[aria-invalid=true]')) input.removeAttribute('aria-invalid');
  for (const p of form.querySelectorAll('.err')) p.textContent = '';
}
function markInvalid(input, message) {
  input.setAttribute('aria-invalid', 'true');
  const p = $(input.id + '-err');
  if (p) p.textContent = message;
  const details = input.closest('details');
  if (details) details.open = true;
}
const labelOf = (input) => (form.querySelector('label[for="' + input.id + '"]')?.textContent || input.name).trim();

const UNIT = { 1: 'second', 60: 'minute', 3600: 'hour', 86400: 'day' };
const per = (sec) => 'per ' + (UNIT[sec] || num.format(sec) + ' seconds');
function renderSourceNote(src) {
  const note = $('source-note');
  if (!src) { note.textContent = ''; return; }
  const lead = src.export?.requestLeadDays;
  note.textContent = src.api?.available
    ? 'Read through its API' + (src.api.rateLimit ? ', up to ' + num.format(src.api.rateLimit.calls) + ' calls ' + per(src.api.rateLimit.perSeconds) : '') + '.'
    : 'No public API: data comes from an export' + (lead ? ' that takes ' + lead.min + '\u2013' + lead.max + ' days to arrive' : '') + '.';
}

function renderRecordInputs() {
  const src = catalogue.sources.find((s) => s.id === sourceSel.value);
  recordsBox.textContent = '';
  renderSourceNote(src);
  $('records-legend').textContent = src ? 'Records in ' + src.name : 'Records';
  if (!src) recordsBox.append(el('p', { class: 'note', text: 'Choose a CRM above to see its record types.' }));
  for (const o of src ? src.objects : []) {
    const id = 'rec-' + o.id;
    recordsBox.append(el('div', { class: 'rec' },
      el('label', { for: id, title: o.description, text: o.label }),
      el('input', { type: 'number', id, name: 'records.' + o.id, 'data-path': 'records.' + o.id, 'data-object': o.id, inputmode: 'numeric', min: 0, step: 1, placeholder: '0', autocomplete: 'off', 'aria-describedby': id + '-err' }),
      el('p', { class: 'err', id: id + '-err' })));
  }
}

function renderPlans() {
  const dest = catalogue.destinations.find((d) => d.id === destSel.value) || catalogue.destinations[0];
  const current = form.elements.plan?.value || 'growth';
  $('plan-legend').textContent = (dest ? dest.name : 'Destination') + ' plan';
  planBox.textContent = '';
  for (const p of dest ? dest.plans : []) {
    planBox.append(el('label', { class: 'plan' },
      el('input', { type: 'radio', name: 'plan', value: p.id, checked: p.id === current }),
      el('span', {}, String(p.label || p.id), el('small', { text: p.apiCallsPerHour ? num.format(p.apiCallsPerHour) + ' calls/h' : '' }))));
  }
  if (!form.querySelector('input[name=plan]:checked')) form.querySelector('input[name=plan]')?.click();
}

function resetResults() {
  seq++;
  results.innerHTML = emptyState;
  results.setAttribute('aria-busy', 'false');
}

async function loadCatalogue() {
  try {
    const res = await fetch('/api/v1/platforms', { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    catalogue = await res.json();
  } catch (e) {
    showFormError('The list of CRMs could not be loaded. Reload the page to try again.');
    return;
  }
  const quotable = new Set(catalogue.pairs.map((p) => p.source));
  sourceSel.textContent = '';
  sourceSel.append(el('option', { value: '', text: 'Choose your current CRM\u2026', disabled: true, selected: true }));
  for (const s of catalogue.sources.filter((s) => quotable.has(s.id))) sourceSel.append(el('option', { value: s.id, text: s.name }));
  destSel.textContent = '';
  for (const d of catalogue.destinations) destSel.append(el('option', { value: d.id, text: d.name }));
  renderPlans();
  renderRecordInputs();
  sourceSel.disabled = false; destSel.disabled = false;
  status.textContent = 'Estimator ready.';
}

function readNumber(input) {
  if (input.validity.badInput) return { bad: 'must be a number' };
  const v = input.value.trim();
  if (v === '') return { value: undefined };
  const n = Number(v);
  return Number.isFinite(n) ? { value: n } : { bad: 'must be a number' };
}

function collect() {
  const problems = [];
  const read = (input) => {
    const r = readNumber(input);
    if (r.bad) { markInvalid(input, r.bad); problems.push(labelOf(input) + ': ' + r.bad); }
    return r.value;
  };
  const body = { source: sourceSel.value, destination: destSel.value, plan: form.elements.plan?.value || 'growth', records: {} };
  for (const input of recordsBox.querySelectorAll('input')) {
    const v = read(input);
    if (v !== undefined) body.records[input.dataset.object] = v;
  }
  const cf = read($('cf-total'));
  // The form asks for one total; the API takes custom fields per object, so the total goes on the main (first) object.
  const first = recordsBox.querySelector('input');
  if (cf !== undefined && first) body.customFields = { [first.dataset.object]: cf };
  const count = read($('att-count')), mb = read($('att-mb'));
  if (count !== undefined || mb !== undefined) body.attachments = { count: count ?? 0, totalMb: mb ?? 0 };
  const wf = read($('workflows'));
  if (wf !== undefined) body.workflows = wf;
  const options = { expedited: $('expedited').checked };
  const sr = read($('sandbox')); if (sr !== undefined) options.sandboxRehearsals = sr;
  const hc = read($('hypercare')); if (hc !== undefined) options.hypercareDays = hc;
  body.options = options;
  return { body, problems };
}

function setBusy(on) {
  busy = on;
  submit.setAttribute('aria-disabled', on ? 'true' : 'false');
  $('submit-text').textContent = on ? 'Working out your quote\u2026' : 'Get my quote';
  results.setAttribute('aria-busy', on ? 'true' : 'false');
}

async function onSubmit(ev) {
  ev.preventDefault();
  if (busy || !catalogue) return;
  clearFieldErrors();
  showFormError('');
  if (!sourceSel.value) {
    markInvalid(sourceSel, 'Choose the CRM you are moving from.');
    showFormError('Choose the CRM you are moving from.');
    sourceSel.focus();
    return;
  }
  const { body, problems } = collect();
  if (problems.length) { showFormError('Please check the highlighted fields.', problems); return; }
  const mine = ++seq;
  setBusy(true);
  status.textContent = 'Working out your quote.';
  let res, data;
  try {
    res = await fetch('/api/v1/estimates', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
    data = await res.json().catch(() => null);
  } catch (e) {
    if (mine === seq) { setBusy(false); showFormError('Could not reach Ferry. Check your connection and try again.'); status.textContent = ''; }
    return;
  }
  if (mine !== seq) return;
  setBusy(false);
  if (!res.ok || !data || data.error) {
    const err = (data && data.error) || {};
    const items = [];
    for (const d of Array.isArray(err.details) ? err.details : []) {
      if (!d || typeof d.path !== 'string') continue;
      const input = form.querySelector('[data-path="' + CSS.escape(d.path) + '"]') || (d.path.startsWith('customFields.') ? $('cf-total') : null);
      if (input) { markInvalid(input, d.message); items.push(labelOf(input) + ': ' + d.message); } else items.push(d.path + ': ' + d.message);
    }
    const headline = res.status === 429 ? (err.message || 'Too many quotes in a short time. Wait a moment and try again.')
      : items.length ? 'Please check the highlighted ' + (items.length === 1 ? 'field' : 'fields') + '.'
      : err.message || 'The quote could not be worked out (HTTP ' + res.status + ').';
    showFormError(headline, items, err.requestId);
    status.textContent = '';
    form.querySelector('[aria-invalid=true]')?.focus();
    return;
  }
  try {
    renderQuote(data);
    status.textContent = 'Quote ready: overall grade ' + data.grades.overall.grade + (data.price.total != null ? ', ' + money(data.price.total, data.price.currency) : '') + '.';
  } catch (e) {
    resetResults();
    showFormError('The quote arrived but could not be shown. Please try again.');
    console.error(e);
  }
}

const section = (id, title, sub, ...kids) => el('section', { class: 'card', id, 'aria-labelledby': id + '-h' }, el('h3', { id: id + '-h', text: title }), sub ? el('p', { class: 'sub', text: sub }) : null, ...kids);
const gradeChip = (g, cls) => el('span', { class: cls + ' g-' + (GRADE_COLOR.includes(g) ? g : 'C'), 'aria-label': 'Grade ' + g, text: g });
const cardClass = (c) => c === '1:1' ? 'c-1to1' : c === 'lossy' ? 'c-lossy' : 'c-many';
const HANDLING = { migrate: 'Migrated', inventory: 'Inventory', not_portable: 'Not portable' };
const SUPPORT = { full: 'Fully supported', mapping_required: 'Mapping required', partial: 'Partial' };

function renderQuote(q) {
  results.textContent = '';
  const c = q.compatibility, o = q.grades.overall, tl = q.timeline, pr = q.price;
  const compatText = c.oneToOne + ' of ' + c.total + ' objects map 1:1';

  results.append(el('section', { class: 'card summary', 'aria-labelledby': 'sum-h' },
    gradeChip(o.grade, 'badge'),
    el('div', {},
      el('p', { class: 'eyebrow', text: q.source.name + ' \u2192 ' + q.destination.name + ' \u00b7 ' + q.plan.label + ' plan' }),
      el('h2', { id: 'sum-h', text: 'Overall grade ' + o.grade + ' \u00b7 ' + o.label }),
      el('p', { class: 'reason', text: o.reason })),
    el('dl', { class: 'kpis' },
      el('div', {}, el('dt', { text: 'Compatibility' }), el('dd', {}, c.oneToOne + ' of ' + c.total, el('small', { text: 'objects map 1:1 (' + c.percent + '%)' }))),
      el('div', {}, el('dt', { text: 'Calendar time' }), el('dd', {}, rangeText(tl.calendar.minDays, tl.calendar.maxDays), el('small', { text: 'from kickoff to handover' }))),
      el('div', {}, el('dt', { text: 'Price' }), el('dd', {}, pr.scopedIndividually || pr.total == null ? 'Scoped individually' : money(pr.total, pr.currency), el('small', { text: pr.scopedIndividually ? 'a sales engineer will quote' : 'fixed price, ' + pr.currency }))))));

  results.append(section('grades', 'Complexity grades', 'Five dimensions, each graded A (easiest) to E (hardest).',
    el('ul', { class: 'dims' }, q.grades.dimensions.map((d) => el('li', {}, gradeChip(d.grade, 'chipg'), el('div', {}, el('b', { text: d.label }), el('p', { text: d.reason })))))));

  const rows = c.rows || [];
  results.append(section('compat', 'Compatibility', null,
    el('p', { class: 'big', text: compatText }),
    el('div', { class: 'meter', role: 'img', 'aria-label': c.percent + '% of objects map one to one' }, el('span', { style: 'width:' + Math.max(0, Math.min(100, c.percent)) + '%' })),
    rows.length ? el('table', { class: 'rows' },
      el('caption', { class: 'sr-only', text: 'How each ' + q.source.name + ' object maps to ' + q.destination.name }),
      el('thead', {}, el('tr', {}, ['Source object', q.destination.name, 'Mapping', 'Handling'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows.map((r) => el('tr', {},
        el('td', { 'data-label': 'Source object', text: r.source.label }),
        el('td', { 'data-label': q.destination.name, text: r.destination.label || (r.destination.objects || []).join(', ') || '\u2014' }),
        el('td', { 'data-label': 'Mapping' }, el('span', { class: 'pill ' + cardClass(r.cardinality), text: r.cardinality }), ' ', el('span', { class: 'sr-only', text: SUPPORT[r.support] || r.support || '' })),
        el('td', { 'data-label': 'Handling' }, el('span', { class: 'pill h-' + r.handling, title: SUPPORT[r.support] || '', text: HANDLING[r.handling] || r.handling })))))) : null));

  const phases = tl.phases || [];
  let cursor = 0;
  const placed = phases.map((p) => { const start = cursor; cursor += p.minDays; return { p, start }; });
  const scale = Math.max(tl.calendar.maxDays || 0, ...placed.map((x) => x.start + x.p.maxDays), 1);
  const pct = (n) => (n / scale * 100).toFixed(3) + '%';
  const api = tl.api || {};
  const meta = [el('span', {}, 'Calendar: ', el('b', { text: rangeText(tl.calendar.minDays, tl.calendar.maxDays) }))];
  if (api.transferHours != null) meta.push(el('span', {}, 'Data transfer: ', el('b', { text: hourText(api.transferHours) }), ' of API time'));
  if (api.binding && api.binding.description) meta.push(el('span', {}, 'Limited by: ', el('b', { text: api.binding.description })));
  const calls = [];
  if (api.sourceCalls) calls.push(num.format(api.sourceCalls) + ' ' + q.source.name + ' API calls');
  if (api.destinationCalls) calls.push(num.format(api.destinationCalls) + ' ' + q.destination.name + ' API calls');
  if (calls.length) meta.push(el('span', { text: calls.join(' \u00b7 ') }));
  results.append(section('timeline', 'Timeline', 'Each phase in order. Transfer phases are worked out from the real API limits.',
    el('div', { class: 'tl-meta' }, meta),
    el('ol', { class: 'phases' }, placed.map(({ p, start }) => el('li', { class: 'phase k-' + p.kind, 'data-kind': p.kind },
      el('div', { class: 'pt' }, p.title, el('span', { class: 'pd', text: (KIND[p.kind] || p.kind) + ' \u00b7 ' + rangeText(p.minDays, p.maxDays) })),
      el('div', { class: 'track', 'aria-hidden': 'true' },
        el('span', { class: 'bar', style: '--start:' + pct(start) + ';--span:' + pct(p.maxDays) + ';--solid:' + (p.maxDays > 0 ? (p.minDays / p.maxDays * 100).toFixed(2) : 100) + '%' }, el('i')))))),
    el('div', { class: 'scale', 'aria-hidden': 'true' }, el('span'), el('div', {}, el('span', { text: 'Day 0' }), el('span', { text: 'Day ' + num.format(Math.round(scale / 2)) }), el('span', { text: 'Day ' + num.format(Math.round(scale)) }))),
    el('div', { class: 'legend-row', 'aria-hidden': 'true' }, el('span', {}, el('i'), 'Shortest'), el('span', {}, el('i', { class: 'range' }), 'Up to longest'))));

  const lines = pr.lines || [];
  const priceKids = [];
  if (pr.scopedIndividually) priceKids.push(el('div', { class: 'scoped' }, el('b', { text: 'Scoped individually' }), el('p', { text: pr.reason || 'This migration needs a sales engineer to scope it.' })));
  if (lines.length) priceKids.push(el('table', { class: 'price' },
    el('caption', { class: 'sr-only', text: 'Price lines' }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: pr.scopedIndividually ? 'Indicative lines' : 'Item' }), el('th', { scope: 'col', text: 'Amount' }))),
    el('tbody', {}, lines.map((l) => el('tr', {}, el('td', { text: l.label }), el('td', { text: money(l.amount, pr.currency) })))),
    !pr.scopedIndividually && pr.total != null ? el('tfoot', {}, el('tr', {}, el('td', { text: 'Total' }), el('td', { 'data-testid': 'price-total', text: money(pr.total, pr.currency) }))) : null));
  results.append(section('price', 'Price', pr.scopedIndividually ? null : 'Set by published rules; every line is shown.', ...priceKids));

  const gotchas = [...(q.gotchas || [])].sort((a, b) => SEVERITY.indexOf(a.severity) - SEVERITY.indexOf(b.severity));
  results.append(section('gotchas', 'Gotchas', gotchas.length ? 'What can bite this migration, most serious first, and what we do about it.' : 'Nothing specific to flag for these inputs.',
    gotchas.length ? el('ol', { class: 'gotchas' }, gotchas.map((g) => el('li', { class: 'gotcha s-' + g.severity },
      el('h4', {}, el('span', { class: 'sev', text: g.severity }), g.title),
      el('p', { text: g.explanation }),
      g.mitigation ? el('p', {}, el('b', { text: 'What we do: ' }), g.mitigation) : null))) : null));

  const warnings = q.warnings || [], assumptions = q.assumptions || [];
  if (warnings.length || assumptions.length) results.append(section('notes', 'Warnings and assumptions', null,
    el('div', { class: 'notes' },
      warnings.length ? el('div', { class: 'warnbox' }, el('h4', { text: 'Warnings' }), el('ul', {}, warnings.map((w) => el('li', { text: w })))) : null,
      assumptions.length ? el('div', {}, el('h4', { text: 'This quote assumes' }), el('ul', {}, assumptions.map((a) => el('li', { text: a })))) : null)));

  results.append(el('p', { class: 'footnote', text: 'Quote ' + q.id + ' \u00b7 knowledge base ' + q.knowledgeVersion }));
}

sourceSel.addEventListener('change', () => {
  sourceSel.removeAttribute('aria-invalid');
  $('source-err').textContent = '';
  renderRecordInputs();
  resetResults();
  showFormError('');
});
destSel.addEventListener('change', () => { renderPlans(); resetResults(); });
form.addEventListener('submit', onSubmit);
form.addEventListener('input', (e) => {
  const t = e.target;
  if (t.getAttribute && t.getAttribute('aria-invalid') === 'true') { t.removeAttribute('aria-invalid'); const p = $(t.id + '-err'); if (p) p.textContent = ''; }
});
loadCatalogue();
`;

const logo = `<svg xmlns="http://www.w3.org/2000/svg" width="30" height="30" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="8" fill="#0b6e4f"/><path d="M7 18h18l-3 5H10z" fill="#fff"/><path d="M15 8v9h-6z" fill="#7ee0b5"/><path d="M17 10v7h5z" fill="#fff"/><path d="M5 25c2 1.3 3.5 1.3 5.5 0s3.5-1.3 5.5 0 3.5 1.3 5.5 0 3.5-1.3 5.5 0" stroke="#7ee0b5" stroke-width="1.6" fill="none" stroke-linecap="round"/></svg>`;

const numberField = (id: string, label: string, path: string, extra = '') =>
  `<div class="field"><label for="${id}">${label}</label><input type="number" id="${id}" name="${path}" data-path="${path}" inputmode="numeric" min="0" step="1" autocomplete="off" aria-describedby="${id}-err" ${extra}><p class="err" id="${id}-err"></p></div>`;

export const estimatorPage = () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Ferry — CRM migration quotes in seconds</title>
<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(logo)}">
<meta name="description" content="Ferry quotes your CRM migration at once: how many objects map 1:1, complexity grades with reasons, a timeline from real API limits and a rule-based price.">
<style>${styles}</style></head><body>
<a class="skip" href="#source">Skip to the estimator</a>
<div class="masthead">
  <header class="wrap topbar"><a class="brand" href="/">${logo}<span>Ferry</span></a><nav aria-label="Site"><a href="/docs">API reference</a></nav></header>
  <section class="wrap hero" aria-labelledby="hero-h">
    <p class="eyebrow">CRM migration quotes</p>
    <h1 id="hero-h">Know what your CRM move takes before anything moves.</h1>
    <p class="lede">Pick the CRM you are leaving, type in rough record counts, and get an honest quote at once: what maps 1:1, how hard it is and why, a timeline worked out from real API limits, and a price set by published rules.</p>
  </section>
</div>
<main class="wrap layout">
  <form id="quote-form" class="panel form" novalidate aria-labelledby="form-h">
    <h2 id="form-h">Your migration</h2>
    <p class="sub">Approximate numbers are fine. Leave blank what you don't have.</p>
    <div class="field"><label for="source">Moving from</label><select id="source" name="source" disabled aria-describedby="source-note source-err"><option>Loading…</option></select><p class="note" id="source-note"></p><p class="err" id="source-err"></p></div>
    <div class="field"><label for="destination">Moving to</label><select id="destination" name="destination" disabled><option>Loading…</option></select></div>
    <fieldset class="plans"><legend class="legend" id="plan-legend">Plan</legend><div class="opts" id="plan-options"></div></fieldset>
    <fieldset class="records"><legend class="legend" id="records-legend">Records</legend><div id="record-fields"><p class="note">Choose a CRM to see its record types.</p></div></fieldset>
    <details class="more"><summary>Refine the quote <span class="opt">optional</span></summary>
      ${numberField('cf-total', 'Custom fields (total)', 'customFields')}
      <div class="grid2">${numberField('att-count', 'Attachments', 'attachments.count')}${numberField('att-mb', 'Attachment size (MB)', 'attachments.totalMb', 'step="any"')}</div>
      ${numberField('workflows', 'Workflows and automations', 'workflows')}
      <div class="grid2">${numberField('sandbox', 'Sandbox rehearsals', 'options.sandboxRehearsals', 'placeholder="1"')}${numberField('hypercare', 'Hypercare days', 'options.hypercareDays')}</div>
      <label class="check"><input type="checkbox" id="expedited" name="options.expedited"><span>Expedited schedule<small>Prioritised start and extended working hours.</small></span></label>
    </details>
    <div id="form-error" class="form-error" role="alert" aria-live="assertive"></div>
    <button type="submit" class="primary" id="submit" aria-disabled="false"><span class="spinner" aria-hidden="true"></span><span id="submit-text">Get my quote</span></button>
  </form>
  <section id="results" class="results" aria-label="Your quote" aria-busy="false">
    <div class="card empty">
      <p class="eyebrow">Your quote</p>
      <h2>Everything a migration engineer would tell you, up front.</h2>
      <p>Choose the CRM you are moving from and fill in your record counts. The quote appears here without reloading the page.</p>
      <ul>
        <li><b>Compatibility</b>Which objects map 1:1 and which need work.</li>
        <li><b>Complexity grades</b>Five dimensions, A to E, each with its reason.</li>
        <li><b>Timeline</b>Phase by phase, from real API rate limits.</li>
        <li><b>Price and gotchas</b>Every price line, and what can bite.</li>
      </ul>
    </div>
  </section>
</main>
<p id="status" class="sr-only" role="status" aria-live="polite"></p>
<footer><div class="wrap"><span>Ferry · CRM migrations, quoted honestly.</span><a href="/docs">API reference</a></div></footer>
<script type="module">${script}</script>
</body></html>`;
