import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { expectFreshsalesError, startTestSandbox, type TestSandbox } from './helpers.ts';

let sb: TestSandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

const upload = (s: TestSandbox, fields: Record<string, string | Blob>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof Blob) form.append(k, v, 'report.pdf');
    else form.append(k, v);
  }
  return s.raw('/crm/sales/api/documents', { method: 'POST', body: form });
};

describe('plan-gated features and files', () => {
  it('growth has no product catalog and no custom modules', async () => {
    sb = await startTestSandbox({ plan: 'growth' });
    const products = await sb.raw('/crm/sales/api/cpq/products', { method: 'POST', json: { product: { name: 'Widget' } } });
    expect(products.status).toBe(403);
    expect((await products.json()).errors.message).toEqual(['The product catalog is not available on the growth plan']);
    expect((await sb.raw('/crm/sales/api/settings/module_customizations')).status).toBe(403);
    const account = await sb.suite.create('sales_accounts', { name: 'Acme' });
    await expectFreshsalesError(sb.suite.create('deals', { name: 'D', sales_account_id: account.id, products: [] }), 'FRESHSALES_FORBIDDEN');
  });

  it('pro has products, deal line items, soft delete and restore', async () => {
    sb = await startTestSandbox({ plan: 'pro' });
    const created = await (await sb.raw('/crm/sales/api/cpq/products', { method: 'POST', json: { product: { name: 'Widget', unit_price: 10 } } })).json();
    const id = created.product.id;
    const deal = await sb.suite.create('deals', { name: 'With lines', products: [{ id, quantity: 3 }] });
    expect(deal).toMatchObject({ has_products: true, products: [{ product_id: id, quantity: 3, unit_price: 10 }] });
    expect(await (await sb.raw(`/crm/sales/api/cpq/products/${id}`, { method: 'DELETE' })).json()).toEqual({ success: '200' });
    await expectFreshsalesError(sb.suite.update('deals', deal.id, { products: [{ id }] }), 'FRESHSALES_VALIDATION');
    expect((await (await sb.raw(`/crm/sales/api/cpq/products/${id}/restore`, { method: 'PUT' })).json()).product.is_deleted).toBe(false);
    expect((await sb.raw('/crm/sales/api/settings/module_customizations')).status).toBe(403);
  });

  it('enterprise has custom modules with their own records', async () => {
    sb = await startTestSandbox({ plan: 'enterprise' });
    const mod = await sb.raw('/crm/sales/api/settings/module_customizations', { method: 'POST', json: { module_customization: { singular_name: 'Ticket', plural_name: 'Tickets' } } });
    expect(mod.status).toBe(201);
    const entity = (await mod.json()).module_customization.entity_name;
    expect(entity).toBe('cm_ticket');
    await fetch(`${sb.url}/_sandbox/fields`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ entity, fields: [{ label: 'Severity', type: 'dropdown', choices: ['Low', 'High'] }] }) });
    const forms = await (await sb.raw(`/crm/sales/api/settings/${entity}/forms`)).json();
    expect(forms.forms[0].fields.map((f: { name: string }) => f.name)).toContain('cf_severity');
    const rec = await sb.raw(`/crm/sales/api/custom_module/${entity}`, { method: 'POST', json: { [entity]: { name: 'Printer on fire', custom_field: { cf_severity: 'High' } } } });
    expect(rec.status).toBe(201);
    const id = (await rec.json())[entity].id;
    const bad = await sb.raw(`/crm/sales/api/custom_module/${entity}`, { method: 'POST', json: { name: 'x', custom_field: { cf_severity: 'Urgent' } } });
    expect((await bad.json()).errors.message[0]).toMatch(/cf_severity: "Urgent" is not one of its choices/);
    expect((await sb.raw(`/crm/sales/api/custom_module/${entity}/${id}/forget`, { method: 'DELETE' })).status).toBe(200);
    expect((await sb.raw(`/crm/sales/api/custom_module/${entity}/${id}`)).status).toBe(404);
    expect((await sb.raw('/crm/sales/api/custom_module/cm_nothing/1')).status).toBe(404);
  });

  it('uploads a document to a record and lists it; a file over 150 MB is refused before it is read', async () => {
    sb = await startTestSandbox({ plan: 'growth' });
    const contact = await sb.suite.create('contacts', { emails: 'files@example.com' });
    const bytes = new TextEncoder().encode('%PDF-1.4 sandbox');
    const res = await upload(sb, { file: new Blob([bytes], { type: 'application/pdf' }), targetable_type: 'Contact', targetable_id: String(contact.id) });
    expect(res.status).toBe(201);
    const doc = (await res.json()).document;
    expect(doc).toMatchObject({ name: 'report.pdf', file_size: bytes.length, content_type: 'application/pdf', targetable_id: contact.id });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    const assoc = await (await sb.raw(`/crm/sales/api/contacts/${contact.id}/document_associations`)).json();
    expect(assoc.document_associations.map((d: { id: number }) => d.id)).toEqual([doc.id]);
    expect((await upload(sb, { targetable_type: 'Contact', targetable_id: String(contact.id) })).status).toBe(400);

    const url = new URL(`${sb.url}/crm/sales/api/documents`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: { Authorization: `Token token=${sb!.apiKey}`, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(151 * 1024 * 1024) },
      });
      req.on('response', (r) => {
        resolve(r.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write('--x\r\n');
    });
    expect(status).toBe(413);
  });
});
