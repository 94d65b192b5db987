import type { Block, ReportDocument } from '../document.ts';
import type { DocumentPackageReport } from './kb-input.ts';
import { UNCATEGORISED } from './kb-paths.ts';
import { count, plural, runHeaderLine, runMeta } from './meta.ts';
import { clip } from './values.ts';

/** The customer-facing line about a run's packages: what they hold and where to get them. */
export function packageSummary(r: DocumentPackageReport): string {
  const parts = r.packages.map((p) => {
    const categories = new Set(p.articles.map((a) => a.categories.join(' > ') || UNCATEGORISED)).size;
    const noted = p.articles.filter((a) => a.notedOn.length).length;
    return `${p.title}: ${plural(p.articles.length, 'article', 'articles')} in ${plural(categories, 'category', 'categories')}${noted ? `, ${count(noted)} noted on the Freshsales records they concern` : ''}`;
  });
  return `${parts.join('; ')}. Freshsales has no place for them, so they are handed over as files (document_package.zip).`;
}

/**
 * The document package as a readable PDF: the index by category, then every article with its details and its text as
 * exported. The ZIP of HTML pages (kb-files.ts) is the package itself; this is its printable companion.
 */
export function packageReport(r: DocumentPackageReport): ReportDocument {
  const h = r.header;
  const blocks: Block[] = [{ kind: 'callout', title: 'Document package', text: packageSummary(r), tone: 'info' }];
  for (const p of r.packages) {
    blocks.push(
      { kind: 'heading', text: p.title, level: 1 },
      {
        kind: 'table',
        columns: [
          { label: 'Category', width: 1.4 },
          { label: 'Id', width: 0.7 },
          { label: 'Title', width: 1.8 },
          { label: 'File in the package', width: 2.4 },
        ],
        rows: [...p.articles]
          .sort((a, b) => a.categories.join('>').localeCompare(b.categories.join('>')) || a.title.localeCompare(b.title))
          .map((a) => ({ cells: [a.categories.join(' > ') || UNCATEGORISED, a.sourceKey, clip(a.title, 120), clip(a.path, 160)] })),
        emptyText: 'No articles: the export held none, or none changed since the run this one builds on.',
      },
    );
    for (const a of p.articles) {
      blocks.push(
        { kind: 'heading', text: a.title, level: 2 },
        { kind: 'keyValue', rows: [{ label: 'Id', value: a.sourceKey }, { label: 'Category', value: a.categories.join(' > ') || UNCATEGORISED }, ...a.details] },
        { kind: 'paragraph', text: a.body === '' ? '(no text)' : a.body },
      );
      if (a.notedOn.length) blocks.push({ kind: 'paragraph', text: `Noted on: ${a.notedOn.map((n) => `${n.entity} ${n.id}`).join(', ')}`, tone: 'muted' });
    }
  }
  return { title: 'Document package', subtitle: `${h.scopeName}: what ${h.source} holds that Freshsales cannot`, meta: runMeta(h), header: runHeaderLine('Document package', h), blocks };
}
