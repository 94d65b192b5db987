import { it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { createScope, discover, fixtureUpload, tokenFor } from '../helpers/scoping.ts';
it('probe', async () => {
  const server = await startTestServer();
  try {
    const sales = await tokenFor(server, 'sales');
    for (const p of ['soffront', 'profi', 'fasttrack']) {
      const scope = await createScope(server, sales, p);
      const res = await discover(server, sales, scope.id, fixtureUpload(p));
      const body = await res.json();
      for (const f of body.discovery.files) console.log(p, f.name, f.object, f.recognition.confidence, f.recognition.reason, JSON.stringify(f.recognition.alternatives));
      for (const o of body.discovery.objects) for (const c of o.columns) if (/mobile|website|employees|phone/i.test(c.header)) console.log(p, o.object, c.header, c.profile.type, c.profile.evidence);
    }
  } finally { await server.stop(); }
}, 60000);
