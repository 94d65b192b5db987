import { decryptSecret, encryptSecret } from './credentials.ts';

/** Where a stored source config keeps its sealed credentials, apart from the plain settings. */
const SEALED = 'sealed';

/** The config as stored with the run: every secret key moved under `sealed`, encrypted. */
export async function sealSecrets(config: Record<string, unknown>, keys: readonly string[], credentialKey: string): Promise<Record<string, unknown>> {
  const plain = { ...config };
  const sealed: Record<string, string> = {};
  for (const k of keys) {
    if (plain[k] === undefined) continue;
    sealed[k] = await encryptSecret(credentialKey, JSON.stringify(plain[k]));
    delete plain[k];
  }
  return Object.keys(sealed).length ? { ...plain, [SEALED]: sealed } : plain;
}

/** The config as the connector takes it, credentials decrypted. */
export async function openSecrets(stored: Record<string, unknown>, credentialKey: string): Promise<Record<string, unknown>> {
  const { [SEALED]: sealed, ...plain } = stored as Record<string, unknown> & { [SEALED]?: Record<string, string> };
  for (const [k, v] of Object.entries(sealed ?? {})) plain[k] = JSON.parse(await decryptSecret(credentialKey, v));
  return plain;
}
