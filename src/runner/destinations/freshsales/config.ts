import { FreshsalesError } from './errors.ts';

/** Suite: https://acme.myfreshworks.com/crm/sales; Classic: https://acme.freshsales.io. With or without /api and a trailing slash. */
export interface FreshsalesConfig {
  baseUrl: string;
  apiKey: string;
}

/** The API root every endpoint hangs off: the base URL without a trailing slash or /api, then /api. */
export function apiRoot(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new FreshsalesError('FRESHSALES_CONFIG', `baseUrl "${baseUrl}" is not a URL`, 0);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new FreshsalesError('FRESHSALES_CONFIG', `baseUrl "${baseUrl}" must use https (or http for a local sandbox)`, 0);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new FreshsalesError('FRESHSALES_CONFIG', `baseUrl "${url.origin}${url.pathname}" must not carry a query, fragment or credentials`, 0);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return `${url.origin}${path}/api`;
}

export function checkApiKey(apiKey: string) {
  if (!/^\S{8,}$/.test(apiKey)) throw new FreshsalesError('FRESHSALES_CONFIG', 'apiKey must be at least 8 characters without spaces', 0);
}
