import type { signOffSummary } from '../../scoping/service/sign-off.ts';

type Summary = ReturnType<typeof signOffSummary>;

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const shell = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)} · Ferry</title>
<style>
body{font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;background:#f5f7fa;color:#1f2933}
main{max-width:860px;margin:0 auto;padding:24px 16px 64px}
h1{font-size:1.6rem;margin:.2em 0}h2{font-size:1.15rem;margin-top:2em}
.card{background:#fff;border:1px solid #d9e2ec;border-radius:8px;padding:16px 20px;margin:16px 0}
table{width:100%;border-collapse:collapse;font-size:.95rem}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e7eb;vertical-align:top}
th{background:#f0f4f8}.muted{color:#616e7c}.ok{color:#0b6e4f}.warn{color:#b45309}
label{display:block;margin:10px 0 4px;font-weight:600}input[type=text],input[type=email]{width:100%;max-width:420px;padding:8px;border:1px solid #9aa5b1;border-radius:6px;font:inherit}
button{margin-top:16px;padding:10px 18px;border:0;border-radius:6px;background:#0b6e4f;color:#fff;font:inherit;font-weight:600;cursor:pointer}
code{font-size:.85em;word-break:break-all}
</style></head><body><main>${body}</main></body></html>`;

/** The read-only page a customer opens from a sign-off link: the approved scope in plain terms and the sign-off form. */
export function signOffPage(s: Summary, token: string) {
  const objects = s.objects
    .map((o) => `<tr><td>${esc(o.from)}</td><td>${esc(o.to)}</td><td>${esc(o.records)}</td><td>${esc(o.fields)}${o.leftOut.length ? ` <span class="muted">(left out: ${esc(o.leftOut.join(', '))})</span>` : ''}</td></tr>`)
    .join('');
  const notMigrated = s.notMigrated.map((n) => `<li><strong>${esc(n.item)}</strong>: ${esc(n.reason)}</li>`).join('');
  const signed = s.signedOff
    ? `<div class="card ok"><strong>Signed off</strong> by ${esc(s.signedOff.by)} on ${esc(s.signedOff.at)}.</div>`
    : `<form class="card" method="post" action="/signoff/${esc(token)}">
<h2 style="margin-top:0">Sign off</h2>
<label for="name">Your name</label><input id="name" name="name" type="text" required maxlength="200" autocomplete="name">
<label for="email">Your email</label><input id="email" name="email" type="email" required autocomplete="email">
<label for="title">Your role (optional)</label><input id="title" name="title" type="text" maxlength="200" autocomplete="organization-title">
<label><input type="checkbox" name="accept" value="true" required> I have read this scope and accept it as the basis of the migration.</label>
<button type="submit">Sign off version ${esc(s.version)}</button></form>`;
  return shell(
    `Sign off: ${s.scope.name}`,
    `<p class="muted">Migration scope for sign-off</p><h1>${esc(s.scope.name)}</h1>
<div class="card"><p>${esc(s.scope.source)} → ${esc(s.scope.destination)} (${esc(s.scope.plan)} plan). Version ${esc(s.version)}, approved ${esc(s.approvedAt)}.</p>
<p class="muted">Content hash <code>${esc(s.hash)}</code>. This link is read-only and expires ${esc(s.expiresAt)}.</p>
<p><a href="/signoff/${esc(token)}/scope.pdf">Download the full scope document (PDF)</a></p></div>
<h2>What moves</h2><div class="card"><table><thead><tr><th>From</th><th>Into Freshsales</th><th>Records</th><th>Fields</th></tr></thead><tbody>${objects}</tbody></table>
<p>${esc(s.customFields)} custom fields are created in Freshsales before loading; users to invite: ${esc(s.usersToInvite.join(', ') || 'none')}.</p></div>
<h2>What does not move</h2><div class="card"><ul>${notMigrated || '<li>Nothing.</li>'}</ul></div>
<h2>Timeline and price</h2><div class="card"><p>${esc(s.timeline.minDays)}–${esc(s.timeline.maxDays)} calendar days. Price: ${s.price.total === null ? 'quoted individually' : `${esc(s.price.currency)} ${esc(s.price.total)}`}.</p></div>
${signed}`,
  );
}

export const signOffDonePage = (version: number, at: string) =>
  shell('Signed off', `<h1>Thank you</h1><div class="card ok"><p>Version ${esc(version)} was signed off on ${esc(at)}. Your Ferry team has been notified.</p></div>`);

/** The same error the API would give, as a page a customer can read. */
export const signOffErrorPage = (code: string, message: string, requestId: string) =>
  shell('Link problem', `<h1>This link cannot be used</h1><div class="card warn"><p>${esc(message)}</p><p class="muted">Error ${esc(code)}, request ${esc(requestId)}.</p></div>`);
