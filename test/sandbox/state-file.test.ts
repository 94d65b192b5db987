import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFreshsalesSandbox } from '../../src/http/sandbox/freshsales/start.node.ts';
import { API_KEY, startTestSandbox } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferry-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the state file', () => {
  it('survives a restart: records, custom fields, users and the id sequence', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startTestSandbox({ stateFile, plan: 'pro' });
    const added = await fetch(`${first.url}/_sandbox/fields`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ entity: 'contacts', fields: [{ label: 'Legacy id', type: 'text' }] }),
    });
    expect(added.status).toBe(201);
    const contact = await first.suite.create('contacts', { emails: 'keep@example.com', custom_field: { cf_legacy_id: 'S-1' } });
    await first.stop();
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).plan).toBe('pro');

    const second = await startTestSandbox({ stateFile });
    expect(await second.suite.get('contacts', contact.id)).toMatchObject({ email: 'keep@example.com', custom_field: { cf_legacy_id: 'S-1' } });
    expect((await second.suite.fieldSettings('contacts')).some((f) => f.name === 'cf_legacy_id')).toBe(true);
    const next = await second.suite.create('contacts', { emails: 'next@example.com' });
    expect(next.id).toBeGreaterThan(contact.id);
    // Uniqueness holds across the restart too.
    await expect(second.suite.create('contacts', { emails: 'keep@example.com' })).rejects.toMatchObject({ code: 'FRESHSALES_VALIDATION' });
    await second.stop();
  });

  it('a file that is not a sandbox state stops the start with an error naming it', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    await expect(startFreshsalesSandbox({ apiKey: API_KEY, stateFile: bad })).rejects.toThrow(`sandbox state file ${bad} is not a version 1 sandbox state`);
    writeFileSync(bad, '{not json');
    await expect(startFreshsalesSandbox({ apiKey: API_KEY, stateFile: bad })).rejects.toThrow(/is not valid JSON/);
  });
});
