/** Random ids and token secrets from Web Crypto, so this works on Node and on Workers alike. */

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export const randomId = (prefix: string, bytes = 12) =>
  `${prefix}_${toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)))}`;

/** A new API token: 32 random bytes, so a fast hash is safe to store (nothing to brute-force). */
export const newTokenSecret = () => `fry_${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** What a person sees of a token after it was issued: enough to recognise it, not to use it. */
export const tokenPrefix = (secret: string) => secret.slice(0, 10);
