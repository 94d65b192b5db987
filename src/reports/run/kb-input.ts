import type { RunHeader } from './input.ts';

/**
 * The document package a run hands the customer for records Freshsales has no API for (knowledge-base articles):
 * every article kept as it was exported, filed under its category path. Stored as the run report `document_package`;
 * the PDF, the HTML files and the ZIP are all built from it.
 */
export interface DocumentPackageReport {
  header: RunHeader;
  packages: DocumentPackage[];
}

export interface DocumentPackage {
  /** What the package is called ("Knowledge base"): also its top folder. */
  title: string;
  /** The run's object whose rows it holds. */
  object: string;
  articles: PackagedArticle[];
}

export interface PackagedArticle {
  sourceKey: string;
  /** Where the article's row is in the export. */
  file: string;
  line: number;
  /** Its file in the package, from the top folder: category folders, then "<id> <title>.html". */
  path: string;
  title: string;
  /** The category path, outermost first; empty when the export files it under none. */
  categories: string[];
  /** Literally as exported. */
  body: string;
  /** Every other column of the row, labelled: status, visibility, author, dates, linked ticket types… */
  details: { label: string; value: string }[];
  /** Records in Freshsales that got a note naming this article (the export links it to them). */
  notedOn: { object: string; sourceKey: string; entity: string; id: string }[];
}
