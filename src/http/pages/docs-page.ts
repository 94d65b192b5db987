// Interactive API reference rendered in the browser from /openapi.json. Self-contained: no CDN, so it works offline
// and on Workers without static assets.
export const docsPage = (title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} — API reference</title>
<style>
:root{--ink:#14213d;--muted:#5c677d;--line:#d9dee7;--bg:#f6f8fb;--accent:#0b6e4f;--get:#1d4ed8;--post:#0b6e4f;--put:#a16207;--delete:#b91c1c}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:var(--ink);color:#fff;padding:20px 24px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c9d2e3}
main{max-width:980px;margin:0 auto;padding:16px}
.auth{display:flex;gap:8px;align-items:center;background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px;margin-bottom:16px}
.auth input{flex:1;padding:8px;border:1px solid var(--line);border-radius:6px;font:inherit}
h2{font-size:17px;margin:24px 0 8px;text-transform:capitalize}
details{background:#fff;border:1px solid var(--line);border-radius:8px;margin:8px 0}
summary{cursor:pointer;padding:10px 12px;display:flex;gap:10px;align-items:center}
.m{font:600 12px/1 ui-monospace,monospace;color:#fff;border-radius:4px;padding:5px 7px;min-width:58px;text-align:center;text-transform:uppercase}
.get{background:var(--get)}.post{background:var(--post)}.put{background:var(--put)}.delete{background:var(--delete)}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}pre{background:#0f172a;color:#e2e8f0;padding:12px;border-radius:6px;overflow:auto;max-height:360px}
.body{padding:0 12px 12px}.lock{color:var(--muted);font-size:13px}label{display:block;font-size:13px;color:var(--muted);margin-top:8px}
.body input,.body textarea{width:100%;padding:6px 8px;border:1px solid var(--line);border-radius:6px;font:13px ui-monospace,monospace}
button{background:var(--accent);color:#fff;border:0;border-radius:6px;padding:8px 14px;font:inherit;cursor:pointer;margin-top:10px}
button:focus-visible,summary:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
</style></head><body>
<header><h1>${title} API</h1><p>Every operation of the service, generated from its OpenAPI document (<a style="color:#fff" href="/openapi.json">/openapi.json</a>).</p></header>
<main>
<div class="auth"><label for="tok" style="margin:0;color:var(--ink)">Bearer token</label><input id="tok" type="password" autocomplete="off" placeholder="fry_… (only needed for locked operations)"></div>
<div id="ops" aria-live="polite">Loading…</div>
</main>
<script type="module">
const el = (t, a = {}, ...kids) => { const e = document.createElement(t); Object.assign(e, a); e.append(...kids); return e; };
const spec = await (await fetch('/openapi.json')).json();
const root = document.getElementById('ops'); root.textContent = '';
const byTag = {};
for (const [path, ops] of Object.entries(spec.paths)) for (const [method, op] of Object.entries(ops)) (byTag[(op.tags || ['other'])[0]] ||= []).push({ path, method, op });
for (const [tag, ops] of Object.entries(byTag)) {
  root.append(el('h2', { textContent: tag }));
  for (const { path, method, op } of ops) {
    const params = (op.parameters || []).filter(p => p.in === 'path' || p.in === 'query');
    const inputs = params.map(p => { const i = el('input', { name: p.name, id: method + path + p.name }); return [el('label', { htmlFor: i.id, textContent: p.name + ' (' + p.in + ')' }), i]; });
    const hasBody = !!op.requestBody;
    const bodyId = method + path + 'body';
    const body = hasBody ? el('textarea', { rows: 5, id: bodyId, value: '{}' }) : null;
    const out = el('pre', { hidden: true });
    const run = el('button', { type: 'button', textContent: 'Send request' });
    run.onclick = async () => {
      let url = path; const q = new URLSearchParams();
      params.forEach((p, i) => { const v = inputs[i][1].value; if (p.in === 'path') url = url.replace('{' + p.name + '}', encodeURIComponent(v)); else if (v) q.set(p.name, v); });
      const headers = { 'content-type': 'application/json' }; const tok = document.getElementById('tok').value.trim(); if (tok) headers.authorization = 'Bearer ' + tok;
      const res = await fetch(url + (q.size ? '?' + q : ''), { method: method.toUpperCase(), headers, body: hasBody ? body.value : undefined });
      const text = await res.text(); let shown = text; try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
      out.hidden = false; out.textContent = res.status + ' ' + res.statusText + '\\n\\n' + shown;
    };
    const schema = op.requestBody?.content?.['application/json']?.schema;
    const ok = Object.entries(op.responses || {}).map(([s, r]) => s + ' ' + (r.description || '')).join(' · ');
    root.append(el('details', {},
      el('summary', {}, el('span', { className: 'm ' + method, textContent: method }), el('code', { textContent: path }), el('span', { textContent: op.summary || '' }), op.security ? el('span', { className: 'lock', textContent: '🔒 token' }) : ''),
      el('div', { className: 'body' },
        el('p', { className: 'lock', textContent: 'Responses: ' + ok }),
        schema ? el('pre', { textContent: JSON.stringify(schema.$ref ? spec.components.schemas[schema.$ref.split('/').pop()] : schema, null, 2) }) : '',
        ...inputs.flat(), ...(hasBody ? [el('label', { htmlFor: bodyId, textContent: 'JSON body' }), body] : []), run, out)));
  }
}
</script></body></html>`;
