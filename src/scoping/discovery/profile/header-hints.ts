import { words } from '../../text.ts';

/** What a column header suggests about its values; only ever a tie-breaker next to the values themselves. */
export interface HeaderHints {
  /** 'id', 'Contact ID', 'parent_company_id', 'ContactID', 'contactId', 'UUID'. */
  namesId: boolean;
  /** Exactly 'id' / 'ID': the file's own record id, even when a few values repeat. */
  bareId: boolean;
  /** Named as a link to another record: 'Parent Account', 'Related To ID', 'Regarding' (but not '… type'). */
  namesLink: boolean;
  /** A yes/no flag: 'is_active', 'Opted In', 'Completed', 'Do Not Call'; lets 1/0 read as boolean. */
  namesFlag: boolean;
  namesPhone: boolean;
  /** 'Amount', 'Price', 'Budget': plain two-decimal numbers read as money. */
  namesMoney: boolean;
}

const FLAG_FIRST = new Set(['is', 'has', 'can', 'should', 'was', 'did', 'allow', 'allows']);
const FLAG_WORDS = new Set([
  'active', 'inactive', 'enabled', 'disabled', 'flag', 'subscribed', 'unsubscribed', 'completed', 'deleted', 'archived',
  'verified', 'confirmed', 'consent', 'default', 'optin', 'optout', 'opted', 'bounced', 'dnc', 'primary', 'visible',
  'hidden', 'private', 'closed', 'won', 'converted', 'billable', 'donotcall', 'donotemail',
]);
const PHONE_WORDS = new Set(['phone', 'mobile', 'tel', 'telephone', 'fax', 'cell', 'cellphone', 'whatsapp', 'caller']);
const MONEY_WORDS = new Set([
  'amount', 'price', 'fee', 'cost', 'revenue', 'budget', 'spend', 'total', 'paid', 'salary', 'balance', 'payment', 'value',
]);

export function readHeader(header: string): HeaderHints {
  const w = words(header);
  const last = w.at(-1) ?? '';
  const joined = w.join('');
  return {
    namesId: ['id', 'uuid', 'guid'].includes(last),
    bareId: w.length === 1 && last === 'id',
    namesLink: w.some((x) => x === 'parent' || x === 'related' || x === 'regarding') && !w.some((x) => x === 'type' || x === 'kind'),
    namesFlag: FLAG_FIRST.has(w[0] ?? '') || w.some((x) => FLAG_WORDS.has(x)) || /donot|optin|optout/.test(joined),
    namesPhone: w.some((x) => PHONE_WORDS.has(x)) || (w.includes('tracking') && w.includes('number')),
    namesMoney: w.some((x) => MONEY_WORDS.has(x)),
  };
}
