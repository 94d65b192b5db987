// A Kartra-shaped export, generated: contacts.csv (with companies) and transactions.csv in the columns of
// test/fixtures/exports/kartra, with seeded, varied values. Columns the signed-off fixture scope maps to dropdowns take
// the choices that scope offers (as a real export's picklists do); free-text, id, email, phone and date columns vary.
import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: small, fast and good enough to spread synthetic values. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONTACT_COLUMNS = ['Lead ID', 'First Name', 'Last Name', 'Email', 'Phone Country Code', 'Phone', 'Company', 'Website', 'Address', 'City', 'Country', 'Date Joined', 'Source', 'Tags', 'Lists', 'GDPR Status', 'GDPR Status Date', 'Assigned To', 'fitness_goal', 'coaching_tier'];
const TRANSACTION_COLUMNS = ['Transaction ID', 'Type', 'Transaction Date', 'Buyer Email', 'Lead ID', 'Product', 'Product ID', 'Price Point', 'Full Amount', 'Base Amount', 'Discount', 'Tax', 'Quantity', 'Original Sale', 'Subscription ID', 'Card Last 4'];
const SUBSCRIPTION_COLUMNS = ['Subscription ID', 'Lead ID', 'Subscriber Email', 'Product ID', 'Price Point', 'Status', 'Billing Period', 'Started', 'End Date', 'Next Payment Date', 'Current Installment', 'Installments Left', 'Next Payment Amount'];

const FIRST = ['Zoë', 'Jennifer', 'Łukasz', 'Marcus', 'Aisha', 'Nguyễn', 'Robert', 'Emma', 'Tyrone', 'Sara', 'Hiro', 'Olivia', 'Jürgen', 'Priya', 'René', 'Kenji', 'Ingrid', 'Tomás', 'Oluwaseun', 'Li'];
const LAST = ['Ångström', 'Moss', 'Wójcik', 'Green', 'Bello', 'An', 'Chen', 'Dubois', 'Jackson', 'Lindgren', 'Sato', 'Parker', 'Müller', 'Raman', 'Weiß', 'Tanaka', 'Berg', 'Ortega', 'Adeyemi', 'Wei'];
const DOMAINS = ['example.com', 'example.se', 'example.pl', 'acmegyms.example', 'example.fr', 'example.vn', 'mail.example'];
const CODES = ['+1', '+46', '+48', '+234', '+84', '+33', '+81'];
const CITIES = ['Stockholm', 'Boston', 'Warszawa', 'New York', 'Lagos', 'Hanoi', 'San Francisco', 'Lyon', 'Chicago', 'Göteborg', 'Osaka', 'Miami'];
const COUNTRIES = ['Sweden', 'United States', 'Poland', 'Nigeria', 'Vietnam', 'France', 'Japan'];
const STREETS = ['Storgatan', '5th Ave', 'ul. Marszałkowska', 'Main St', 'Rue de la République', 'Market St'];
const COMPANY_WORDS = ['Nordic', 'Acme', 'Pacific', 'Studio', 'Urban', 'Peak', 'Core', 'Iron', 'Lotus', 'Summit', 'Harbor', 'Zen'];
const COMPANY_KINDS = ['Wellness', 'Gyms', 'Fitness', 'Yoga', 'Coaching', 'Athletics', 'Nutrition', 'Pilates'];
const COMPANY_FORMS = ['AB', 'Inc.', 'Sp. z o.o.', 'LLC', 'GmbH', 'SAS', 'Ltd', ''];
const GOALS = ['Run a marathon', 'Lose 10 lbs', 'Grow affiliate income', 'Strength', 'Flexibility', 'Stay consistent', 'Postpartum fitness', 'N/A'];
const TAGS = ['lead magnet', 'webinar registered', 'customer', 'academy', 'affiliate', 'imported 2024', 'support ticket', 'refunded', 'vip', 'founding member'];
/** Dropdown and value-map columns: the values the fixture scope has choices (or value-map entries) for. */
const WEBSITES = ['https://nordicwellness.example', 'https://acmegyms.example', 'acmegyms.example'];
const SOURCES = ['double-optin', 'checkout', 'single-optin', 'affiliate-signup', 'import', 'helpdesk', 'api', 'manual'];
const LISTS = ['Newsletter', 'Free Guide', 'Affiliates', 'VIP'];
const OWNERS = ['coach@fitwithjen.example', 'sales@fitwithjen.example', 'old.va@fitwithjen.example'];
const TIERS = ['Gold', 'Silver', 'Platinum'];
const TYPES = ['sale', 'sale', 'sale', 'rebill', 'rebill', 'failed', 'partial_refund', 'cancellation', 'chargeback'];
const PRODUCTS: [string, number, number][] = [['Coaching Academy', 301, 1299], ['Strength Blueprint', 305, 49], ['VIP Mastermind', 310, 4997], ['Postpartum Reset', 312, 197], ['Flexibility 30', 315, 29]];
const CARDS = ['1881', '3003', '0005', '7777', '4242', 'N/A'];
const STATUSES = ['Active', 'Active', 'Active', 'Cancelled', 'Terminated', 'Paused'];
const PERIODS = ['monthly', 'yearly', 'quarterly', 'weekly', 'every 2 weeks', 'every 2 months', 'every 2 years'];

/** ASCII for the local part of an email (ł, ß and friends have no decomposition). */
const ascii = (s: string) =>
  s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/ß/g, 'ss').toLowerCase().replace(/[^a-z]/g, '');
const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const money = (cents: number) => `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Writes lines through a file stream, waiting when it asks (so a 200 MB file never sits in memory). */
async function writeLines(path: string, header: string[], rows: number, line: (i: number) => string) {
  const out = createWriteStream(path);
  let chunk = header.map(cell).join(',') + '\n';
  for (let i = 0; i < rows; i++) {
    chunk += line(i) + '\n';
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

export interface KartraExport {
  dir: string;
  contacts: number;
  transactions: number;
  subscriptions: number;
  /** Distinct company names the contacts carry (the accounts the run derives), before case and spacing variants. */
  companies: number;
  bytes: number;
}

/**
 * Writes contacts.csv, transactions.csv and subscriptions.csv into `dir`, each transaction and subscription belonging to
 * one of the contacts. The scope maps all three files and the exports source refuses a file without data rows, so
 * each gets at least one. About one contact in 200 repeats an earlier contact's email, as exports of long-lived lists
 * do; the run merges those.
 */
export async function writeKartraExport(dir: string, opts: { contacts: number; transactions: number; subscriptions: number; seed?: number }): Promise<KartraExport> {
  const rand = seeded(opts.seed ?? 0x5eed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const maybe = (p: number, v: () => string) => (rand() < p ? v() : '');
  const dateTime = () => `${int(2015, 2025)}-${pad(int(1, 12))}-${pad(int(1, 28))} ${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}`;
  const companies = Math.max(1, Math.round(opts.contacts / 10));
  /** Company k: word, kind and a number that together differ for every k, so there are `companies` distinct names. */
  const company = (k: number) => {
    const words = COMPANY_WORDS.length;
    const form = COMPANY_FORMS[k % COMPANY_FORMS.length]!;
    return `${COMPANY_WORDS[k % words]} ${COMPANY_KINDS[Math.floor(k / words) % COMPANY_KINDS.length]} ${Math.floor(k / (words * COMPANY_KINDS.length)) + 1}${form ? ` ${form}` : ''}`;
  };
  /** The person behind contact row i, the same however often it is asked for (a repeat row and a buyer name them again). */
  const person = (i: number) => {
    const r = seeded(i + 1);
    const first = FIRST[Math.floor(r() * FIRST.length)]!;
    const last = LAST[Math.floor(r() * LAST.length)]!;
    return { first, last, email: `${ascii(first)}.${ascii(last)}.${i}@${DOMAINS[i % DOMAINS.length]}` };
  };

  await writeLines(join(dir, 'contacts.csv'), CONTACT_COLUMNS, opts.contacts, (i) => {
    // A repeat is an earlier contact exported again under a new id (and so merges into it by email).
    const who = person(i > 10 && rand() < 0.005 ? int(0, i - 1) : i);
    const name = company(int(0, companies - 1));
    return [
      String(700101 + i),
      who.first,
      who.last,
      who.email,
      pick(CODES),
      // Mobile numbers are unique among live Freshsales contacts, so each row has its own.
      maybe(0.92, () => String(6_000_000_000 + i * 7)),
      maybe(0.6, () => (rand() < 0.05 ? ` ${name.toUpperCase()} ` : name)),
      maybe(0.25, () => pick(WEBSITES)),
      maybe(0.3, () => (rand() < 0.1 ? 'N/A' : `${int(1, 999)} ${pick(STREETS)}`)),
      pick(CITIES),
      pick(COUNTRIES),
      dateTime(),
      pick(SOURCES),
      maybe(0.9, () => [...new Set(Array.from({ length: int(1, 3) }, () => pick(TAGS)))].join(';')),
      maybe(0.85, () => [...new Set(Array.from({ length: int(1, 2) }, () => pick(LISTS)))].join(';')),
      String(int(0, 5)),
      rand() < 0.3 ? '0000-00-00 00:00:00' : dateTime(),
      maybe(0.4, () => pick(OWNERS)),
      maybe(0.65, () => pick(GOALS)),
      maybe(0.5, () => pick(TIERS)),
    ]
      .map(cell)
      .join(',');
  });

  await writeLines(join(dir, 'transactions.csv'), TRANSACTION_COLUMNS, opts.transactions, (j) => {
    const buyer = int(0, opts.contacts - 1);
    const [product, productId, price] = pick(PRODUCTS);
    const type = pick(TYPES);
    const sign = type === 'partial_refund' ? -1 : 1;
    const full = type === 'cancellation' ? 0 : sign * price * 100 * (type === 'partial_refund' ? 0.5 : 1);
    const tax = rand() < 0.2 ? Math.round(full * 0.08) : 0;
    return [
      `T-${100001 + j}`,
      type,
      dateTime(),
      person(buyer).email,
      String(700101 + buyer),
      product,
      String(productId),
      String(int(1, 2)),
      money(full),
      money(full - tax),
      money(0),
      money(tax),
      String(int(1, 2)),
      '',
      '',
      pick(CARDS),
    ]
      .map(cell)
      .join(',');
  });

  await writeLines(join(dir, 'subscriptions.csv'), SUBSCRIPTION_COLUMNS, opts.subscriptions, (k) => {
    const buyer = int(0, opts.contacts - 1);
    const status = pick(STATUSES);
    const active = status === 'Active';
    const ended = status === 'Cancelled' || status === 'Terminated';
    return [
      `SUB-${100001 + k}`,
      String(700101 + buyer),
      person(buyer).email,
      String(pick(PRODUCTS)[1]),
      String(int(1, 3)),
      status,
      pick(PERIODS),
      dateTime(),
      ended ? dateTime() : '0000-00-00 00:00:00',
      active ? dateTime() : 'N/A',
      String(int(1, 17)),
      active ? pick(['Until cancelled', 'Until cancelled', '4']) : '0',
      active ? money(int(5, 1500) * 100) : 'N/A',
    ]
      .map(cell)
      .join(',');
  });
  const bytes = ['contacts.csv', 'transactions.csv', 'subscriptions.csv'].reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  return { dir, contacts: opts.contacts, transactions: opts.transactions, subscriptions: opts.subscriptions, companies, bytes };
}
