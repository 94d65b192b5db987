import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The public estimator page at GET /, driven in Debian's real Chromium against the real server and API.
let s: TestServer;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  s = await startTestServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function open(width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(8_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(s.url + '/');
  // The sources arrive from /api/v1/platforms; the select is enabled once they have.
  await page.locator('select#source:enabled').waitFor({ timeout: 10_000 });
  return page;
}

const objectLabels = async (source: string) => {
  const catalogue = (await (await s.call('/api/v1/platforms')).json()) as { sources: { id: string; objects: { label: string }[] }[] };
  return catalogue.sources.find((x) => x.id === source)!.objects.map((o) => o.label);
};

describe('estimator page (GET /) in Chromium', () => {
  let page: Page;
  beforeAll(async () => {
    page = await open(1280, 900);
  }, 30_000);
  afterAll(() => page?.close());

  it('serves a self-contained HTML page with the product name and no external assets', async () => {
    const res = await s.call('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<title>Ferry');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/CRM/);
    expect(await page.getByRole('link', { name: 'Ferry' }).isVisible()).toBe(true);
  });

  it('quotes Kartra from typed counts without reloading the page', async () => {
    await page.getByLabel('Moving from').selectOption({ label: 'Kartra' });
    expect(await page.locator('#record-fields label').allTextContents()).toEqual(await objectLabels('kartra'));
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByLabel(/^Contact/).fill('20000');
    await page.getByLabel(/^Transaction/).fill('3000');
    await page.getByLabel(/^Transaction/).press('Enter');

    await expect.poll(() => page.getByText('6 of 9 objects map 1:1', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await page.getByRole('button', { name: 'Get my quote' }).getAttribute('aria-disabled')).toBe('false');

    expect(await page.getByRole('heading', { name: /^Overall grade [A-E] · \S/ }).isVisible()).toBe(true);
    const grades = page.getByRole('region', { name: 'Complexity grades' }).getByRole('listitem');
    expect(await grades.count()).toBe(5);

    const price = page.getByRole('region', { name: 'Price' });
    expect(await price.getByRole('row', { name: /Total/ }).textContent()).toMatch(/Total\s*\$[\d,]+/);

    const timeline = page.getByRole('region', { name: 'Timeline' });
    const bars = timeline.locator('.bar');
    expect(await bars.count()).toBeGreaterThan(0);
    expect(await bars.first().isVisible()).toBe(true);
    expect((await bars.first().boundingBox())!.width).toBeGreaterThan(10);
    expect(await timeline.textContent()).toMatch(/Calendar: \d.*days/);
    expect(await timeline.textContent()).toMatch(/Limited by: \S/);

    const gotchas = page.getByRole('region', { name: 'Gotchas' }).getByRole('listitem');
    expect(await gotchas.count()).toBeGreaterThan(0);
    expect(await gotchas.first().textContent()).toMatch(/^(blocker|high|medium|low)/);

    const compat = page.getByRole('region', { name: 'Compatibility' });
    expect(await compat.getByRole('row').count()).toBe(10); // header + 9 object rows
    await page.screenshot({ path: '/tmp/ferry-estimator-desktop.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("replaces Kartra's inputs with Promio's when the source changes, and quotes the export request", async () => {
    await page.getByLabel('Moving from').selectOption({ label: 'Promio' });
    const labels = await objectLabels('promio');
    expect(await page.locator('#record-fields label').allTextContents()).toEqual(labels);
    expect(await page.getByLabel(/^Transaction/).count()).toBe(0);
    expect(await page.getByText('6 of 9 objects map 1:1', { exact: true }).count()).toBe(0);

    await page.getByLabel('Lead', { exact: true }).fill('5000');
    await page.getByRole('button', { name: 'Get my quote' }).click();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect.poll(() => timeline.isVisible(), { timeout: 10_000 }).toBe(true);
    const exportPhase = timeline.locator('li[data-kind="export_request"]');
    expect(await exportPhase.isVisible()).toBe(true);
    expect(await exportPhase.textContent()).toMatch(/export/i);
    expect(await exportPhase.locator('.bar').isVisible()).toBe(true);
    expect(await page.getByText('6 of 8 objects map 1:1', { exact: true }).isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('shows an error naming the field for a negative count, marks it invalid, and recovers', async () => {
    const lead = page.getByLabel('Lead', { exact: true });
    await lead.fill('-5');
    await lead.press('Enter');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toMatch(/Lead: must not be negative/);
    expect(await lead.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#rec-lead-err').textContent()).toMatch(/negative/);
    expect(await page.locator('#rec-lead-err').isVisible()).toBe(true);

    await lead.fill('5000');
    expect(await lead.getAttribute('aria-invalid')).toBeNull();
    await lead.press('Enter');
    await expect.poll(() => page.getByText('6 of 8 objects map 1:1', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('#form-error').textContent()).toBe('');
    expect(await alert.count()).toBe(0); // the empty live region is hidden
    expect(pageErrors).toEqual([]);
  });
});

describe('estimator page at 375px wide', () => {
  it('fits without horizontal scroll before and after a quote', async () => {
    const page = await open(375, 812);
    const scrollWidth = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(await scrollWidth()).toBeLessThanOrEqual(375);
    await page.getByLabel('Moving from').selectOption({ label: 'Kartra' });
    await page.getByLabel(/^Contact/).fill('20000');
    await page.getByLabel(/^Transaction/).fill('3000');
    await page.getByRole('button', { name: 'Get my quote' }).click();
    await expect.poll(() => page.getByText('6 of 9 objects map 1:1', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await scrollWidth()).toBeLessThanOrEqual(375);
    // Single column: the results sit below the form.
    const form = (await page.locator('form').boundingBox())!;
    const results = (await page.locator('#results').boundingBox())!;
    expect(results.y).toBeGreaterThanOrEqual(form.y + form.height);
    await page.screenshot({ path: '/tmp/ferry-estimator-mobile.png', fullPage: true });
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
