/** What Kartra's error type codes mean (vendor error article; the auth group is confirmed, the rest derived). */
export const KARTRA_ERROR_TYPES: Record<string, string> = {
  '201': 'the connection is not secure (the API needs https)',
  '202': 'api_key is empty',
  '203': 'api_key is not valid',
  '204': 'the Kartra account is inactive',
  '206': 'the lead email or id is missing',
  '209': 'the list does not exist',
  '212': 'the tag does not exist',
  '214': 'the tag does not exist',
  '223': '"lead" is not an array',
  '224': '"actions" is not an array',
  '233': 'api_password is not valid',
  '234': 'no lead found',
  '236': '"get_lead" is not an array',
  '238': 'app_id is empty',
  '239': 'app_id is not valid',
  '240': "the app's account is inactive",
  '242': 'this IP address is not authorised for the app',
  '243': 'no lead found',
  '244': 'the lead already exists',
  '245': 'the lead was deleted',
  '247': 'the transaction does not exist',
  '248': 'the subscription does not exist',
  '254': 'the command (cmd) is missing',
  '262': 'the app is not permitted to run this command',
};

/** Credentials, app or account problems: no retry can fix them, and check() reports them at once. */
const AUTH_TYPES = new Set(['201', '202', '203', '204', '233', '238', '239', '240', '242', '262']);
/** Lookups that found no live lead: 234/243 no such lead, 245 deleted. */
const MISSING_LEAD: Record<string, LeadMissing> = { '234': 'not found', '243': 'not found', '245': 'deleted' };
export type LeadMissing = 'not found' | 'deleted';

/** A failed Kartra call. `type` is Kartra's error type code, or null when no envelope came back (HTTP or network). */
export class KartraError extends Error {
  override readonly name = 'KartraError';
  constructor(
    readonly command: string,
    readonly type: string | null,
    message: string,
    /** Whether the same call may succeed later: dropped connections, 5xx, unreadable answers. */
    readonly retryable = false,
  ) {
    super(message);
  }

  get isAuth(): boolean {
    return this.type !== null && AUTH_TYPES.has(this.type);
  }

  /** Why a lead lookup found nothing, or null when this error is about something else. */
  get missingLead(): LeadMissing | null {
    return (this.type !== null && MISSING_LEAD[this.type]) || null;
  }

  /** An error envelope ({status: "Error", message, type}) in words: the command, the code and what it means. */
  static fromEnvelope(command: string, envelope: { message?: unknown; type?: unknown }): KartraError {
    const type = envelope.type === undefined || envelope.type === null ? '?' : String(envelope.type);
    const meaning = KARTRA_ERROR_TYPES[type] ?? 'an error type Ferry does not know';
    const said = typeof envelope.message === 'string' && envelope.message ? ` ("${envelope.message}")` : '';
    return new KartraError(command, type, `Kartra ${command} failed with error type ${type}: ${meaning}${said}`);
  }
}
