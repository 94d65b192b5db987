import type { RestAuth } from '../../../../rules/schema/platform.ts';
import { RestSourceError } from './rest-error.ts';

/** Signs calls in: adds the credential or token to a URL and headers. */
export interface Authenticator {
  /** Adds the current credential; for token auth, signs in first when there is no token yet. */
  sign(url: URL, headers: Headers): Promise<void>;
  /** The token `url` was signed with was refused: the next sign() signs in again (once, however many calls saw it). */
  expire(url: URL, headers: Headers): void;
}

/** A JSON call, as the login needs it (it goes through the same budget and retries as every other call). */
export type LoginCall = (endpoint: string, url: URL, init: RequestInit) => Promise<unknown>;

const fill = (template: string, credentials: Record<string, string>) =>
  template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(credentials[name] ?? ''));

const base64 = (text: string) => btoa(Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join(''));

/** Joins a declared path onto the base URL, keeping any path the base URL has (…/crm/api + /contacts). */
export const urlOf = (baseUrl: string, path: string) => new URL(baseUrl.replace(/\/+$/, '') + path);

export function createAuthenticator(auth: RestAuth, baseUrl: string, credentials: Record<string, string>, login: LoginCall): Authenticator {
  switch (auth.kind) {
    case 'api_key_header':
      return { sign: async (_url, headers) => headers.set(auth.header, credentials[auth.credential]!), expire() {} };
    case 'basic': {
      const value = `Basic ${base64(`${credentials[auth.username]}:${credentials[auth.password]}`)}`;
      return { sign: async (_url, headers) => headers.set('Authorization', value), expire() {} };
    }
    case 'token':
      return tokenAuthenticator(auth, baseUrl, credentials, login);
  }
}

function tokenAuthenticator(auth: Extract<RestAuth, { kind: 'token' }>, baseUrl: string, credentials: Record<string, string>, login: LoginCall): Authenticator {
  const endpoint = `${auth.login.method} ${auth.login.path}`; // the template: the filled path holds the password
  /** The sign-in in progress or done; `value` once it gave a token. */
  let session: { token: Promise<string>; value: string | null } | null = null;

  async function signIn(): Promise<string> {
    const answer = (await login(endpoint, urlOf(baseUrl, fill(auth.login.path, credentials)), { method: auth.login.method })) as Record<string, unknown> | null;
    const status = auth.status ? answer?.[auth.status.field] : undefined;
    if (auth.status && status !== auth.status.success)
      throw new RestSourceError(endpoint, 200, `sign-in refused (${auth.status.field} ${JSON.stringify(status ?? null)}); check the credentials`, false);
    const value = answer?.[auth.tokenField];
    if (typeof value !== 'string' || value === '') throw new RestSourceError(endpoint, 200, `the answer has no "${auth.tokenField}" token`, false);
    return value;
  }

  return {
    async sign(url, headers) {
      if (!session) {
        const started: { token: Promise<string>; value: string | null } = { token: signIn(), value: null };
        session = started;
        // A failed sign-in is tried afresh by the next call.
        started.token.then((v) => (started.value = v), () => session === started && (session = null));
      }
      const value = await session.token;
      if (auth.send.in === 'query') url.searchParams.set(auth.send.name, value);
      else headers.set(auth.send.name, `${auth.send.prefix ?? ''}${value}`);
    },
    expire(url, headers) {
      const sent = auth.send.in === 'query' ? url.searchParams.get(auth.send.name) : headers.get(auth.send.name)?.slice(auth.send.prefix?.length ?? 0);
      // Only the refused token is dropped: when other workers already signed in again, their new token stays.
      if (session !== null && session.value === sent) session = null;
    },
  };
}
