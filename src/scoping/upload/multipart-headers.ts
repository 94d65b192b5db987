import { badUpload, UploadError } from './upload-error.ts';

// Quoted values end at the next quote: browsers never backslash-escape (a name's `"` is sent as %22), so a backslash
// is an ordinary character, and no boundary may contain one.
const PARAM = /;\s*([^=;\s]+)\s*=\s*("[^"]*"|[^;\s]*)/g;

/** `key=value` parameters of a header value, keys lower-cased, quotes removed. */
function params(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, key, raw] of value.matchAll(PARAM)) out.set(key!.toLowerCase(), raw!.startsWith('"') ? raw!.slice(1, -1) : raw!);
  return out;
}

// RFC 2046: 1–70 characters from a small set, not ending in a space.
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** The boundary of a multipart/form-data Content-Type: 415 for any other type, 400 when it is missing or malformed. */
export function multipartBoundary(contentType: string | undefined): string {
  const type = contentType?.split(';')[0]!.trim().toLowerCase();
  if (type !== 'multipart/form-data')
    throw new UploadError('UNSUPPORTED_MEDIA_TYPE', [
      { reason: `expected a multipart/form-data request, got ${type ? `Content-Type ${type}` : 'no Content-Type'}` },
    ]);
  const boundary = params(contentType!).get('boundary');
  if (boundary === undefined) throw badUpload({ reason: 'the multipart/form-data Content-Type has no boundary parameter' });
  if (!BOUNDARY.test(boundary)) throw badUpload({ reason: `malformed multipart boundary ${JSON.stringify(boundary)}` });
  return boundary;
}

export interface PartHeaders {
  name: string;
  fileName?: string;
  contentType?: string;
}

/**
 * Name, file name and type of part number `index` from its header block. Browsers write `"`, CR and LF in names as
 * %22, %0D and %0A (HTML form-data encoding), so those three are decoded; a path some old browsers send is cut to its
 * last segment.
 */
export function parsePartHeaders(block: string, index: number): PartHeaders {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition');
  const p = disposition ? params(disposition) : undefined;
  const name = p?.get('name');
  if (!disposition?.toLowerCase().startsWith('form-data') || name === undefined)
    throw badUpload({ reason: `multipart part ${index} has no Content-Disposition: form-data header with a name` });
  const out: PartHeaders = { name: unescapeFormData(name) };
  const extended = p!.get('filename*')?.match(/^utf-8''(.*)$/i)?.[1];
  const fileName = extended !== undefined ? safeDecodeURIComponent(extended) : p!.get('filename');
  if (fileName !== undefined) out.fileName = unescapeFormData(fileName).replace(/^.*[\\/]/, '');
  const contentType = headers.get('content-type');
  if (contentType) out.contentType = contentType;
  return out;
}

const unescapeFormData = (s: string) => s.replace(/%(22|0D|0A)/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

function safeDecodeURIComponent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
