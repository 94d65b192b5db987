/** What a customer sign-off link grants: reading one scope version and signing it, until it expires. */
export interface SignOffGrant {
  scopeId: string;
  version: number;
  hash: string;
  expiresAt: number;
}

export type SignOffTokenProblem = 'malformed' | 'forged' | 'expired';

export class SignOffTokenError extends Error {
  readonly problem: SignOffTokenProblem;
  constructor(problem: SignOffTokenProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const unb64url = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

const hmacKey = (secret: string) =>
  crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);

/** A URL-safe token: the grant as base64url JSON, a dot, and its HMAC-SHA-256 under the service's signing secret. */
export async function signGrant(grant: SignOffGrant, secret: string): Promise<string> {
  const body = b64url(new TextEncoder().encode(JSON.stringify([grant.scopeId, grant.version, grant.hash, grant.expiresAt])));
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(body)));
  return `${body}.${b64url(mac)}`;
}

/** The grant a token carries, once its signature (checked in constant time by Web Crypto) and expiry hold. */
export async function verifyGrant(token: string, secret: string, now: number): Promise<SignOffGrant> {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(body + mac)) throw new SignOffTokenError('malformed', 'this sign-off link is not a Ferry link');
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = unb64url(mac);
  } catch {
    throw new SignOffTokenError('malformed', 'this sign-off link is not a Ferry link');
  }
  const ok = await crypto.subtle.verify('HMAC', await hmacKey(secret), signature, new TextEncoder().encode(body));
  if (!ok) throw new SignOffTokenError('forged', 'this sign-off link has been altered or was not issued by this service');
  const [scopeId, version, hash, expiresAt] = JSON.parse(new TextDecoder().decode(unb64url(body))) as [string, number, string, number];
  if (now >= expiresAt) throw new SignOffTokenError('expired', `this sign-off link expired on ${new Date(expiresAt).toISOString()}; ask for a new one`);
  return { scopeId, version, hash, expiresAt };
}
