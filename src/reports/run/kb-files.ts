import type { DocumentPackage, DocumentPackageReport, PackagedArticle } from './kb-input.ts';
import { pathSegment, UNCATEGORISED } from './kb-paths.ts';
import { when } from './meta.ts';
import { zipArchive, type ArchiveFile } from './kb-zip.ts';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Rich text (an HTML body, told by its tags) goes in as it is; anything else keeps its line breaks and shows any angle brackets as text. */
const looksLikeHtml = (body: string) => /<\/?(p|div|span|br|hr|h[1-6]|ul|ol|li|a|b|i|u|em|strong|table|thead|tbody|tr|td|th|img|pre|code|blockquote|section|article|figure)(\s[^>]*)?\/?>/i.test(body);

const page = (title: string, body: string) =>
  `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escape(title)}</title>\n` +
  '<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}th{text-align:left;padding-right:1rem;vertical-align:top}pre{white-space:pre-wrap}</style>\n' +
  `</head>\n<body>\n${body}\n</body>\n</html>\n`;

/** The way back from an article's folder to the package's index. */
const upTo = (path: string) => '../'.repeat(path.split('/').length - 2) || './';

function articlePage(pkg: DocumentPackage, a: PackagedArticle): string {
  const rows = [
    ['Id', a.sourceKey],
    ['Category', a.categories.join(' > ') || UNCATEGORISED],
    ...a.details.map((d) => [d.label, d.value]),
    ['Exported in', `${a.file}, line ${a.line}`],
    ...(a.notedOn.length ? [['Noted on in Freshsales', a.notedOn.map((n) => `${n.entity} ${n.id} (${n.object} ${n.sourceKey})`).join('; ')]] : []),
  ];
  const content = a.body === '' ? '<p><em>The export holds no text for this article.</em></p>' : looksLikeHtml(a.body) ? a.body : `<pre>${escape(a.body)}</pre>`;
  return page(
    a.title,
    `<p><a href="${upTo(a.path)}index.html">${escape(pkg.title)}</a> · ${escape(a.categories.join(' > ') || UNCATEGORISED)}</p>\n<h1>${escape(a.title)}</h1>\n` +
      `<table>\n${rows.map(([k, v]) => `<tr><th>${escape(k!)}</th><td>${escape(v!)}</td></tr>`).join('\n')}\n</table>\n<hr>\n<article>\n${content}\n</article>`,
  );
}

function indexPage(report: DocumentPackageReport, pkg: DocumentPackage): string {
  const byCategory = new Map<string, PackagedArticle[]>();
  for (const a of pkg.articles) {
    const key = a.categories.join(' > ') || UNCATEGORISED;
    byCategory.set(key, [...(byCategory.get(key) ?? []), a]);
  }
  const top = `${pathSegment(pkg.title)}/`;
  const sections = [...byCategory]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, articles]) => {
      const items = articles
        .sort((x, y) => x.title.localeCompare(y.title))
        .map((a) => `<li><a href="${a.path.slice(top.length).split('/').map(encodeURIComponent).join('/')}">${escape(a.title)}</a> (${escape(a.sourceKey)})</li>`);
      return `<h2>${escape(category)}</h2>\n<ul>\n${items.join('\n')}\n</ul>`;
    });
  const h = report.header;
  return page(
    pkg.title,
    `<h1>${escape(pkg.title)}</h1>\n<p>${pkg.articles.length} article${pkg.articles.length === 1 ? '' : 's'} in ${byCategory.size} categor${byCategory.size === 1 ? 'y' : 'ies'}, ` +
      `moved from ${escape(h.source)} for ${escape(h.scopeName)} by run ${escape(h.runId)} (${escape(when(h.generatedAt))}). ` +
      'Freshsales has no place for these articles, so each is kept here as exported, one page per article in a folder per category.</p>\n' +
      (sections.join('\n') || '<p>No articles.</p>'),
  );
}

/** Every file of the packages: per package an index page and one page per article, under the package's folder. */
export function packageFiles(report: DocumentPackageReport): ArchiveFile[] {
  const encoder = new TextEncoder();
  return report.packages.flatMap((pkg) => [
    { path: `${pathSegment(pkg.title)}/index.html`, bytes: encoder.encode(indexPage(report, pkg)) },
    ...pkg.articles.map((a) => ({ path: a.path, bytes: encoder.encode(articlePage(pkg, a)) })),
  ]);
}

/** The packages as one ZIP the engineer downloads and hands over. */
export const packageArchive = (report: DocumentPackageReport): Uint8Array => zipArchive(packageFiles(report), new Date(report.header.generatedAt));
