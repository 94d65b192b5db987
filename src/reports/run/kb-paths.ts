/** One folder or file name of the package: safe on Windows, macOS and Linux alike, still readable. */
export function pathSegment(name: string): string {
  const clean = name
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 80)
    .trim();
  return clean || '_';
}

/** The folder of articles the export files under no category. */
export const UNCATEGORISED = 'Uncategorised';

/** An article's file in the package: the package folder, one folder per category level, then "<id> <title>.html". */
export function articlePath(packageTitle: string, categories: string[], id: string, title: string): string {
  const folders = categories.length ? categories : [UNCATEGORISED];
  return [packageTitle, ...folders, `${id} ${title}`].map(pathSegment).join('/') + '.html';
}
