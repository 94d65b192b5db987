import type { Db } from '../../../db/client.ts';
import { instanceSecret } from '../../../db/instance-secret.ts';

/** The key that signs sign-off links: the configured one, else the instance's own, so links stay valid across restarts. */
export async function signingSecret(db: Db, configured: string | undefined): Promise<string> {
  return configured ?? instanceSecret(db, 'signoff-links');
}
