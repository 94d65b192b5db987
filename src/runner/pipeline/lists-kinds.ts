import type { KnowledgeBase } from '../../../rules/index.ts';
import type { Mapping } from '../../scoping/mapping/document.ts';

/**
 * Columns mapped to lists (target kind `list`) write no field: after contacts load, each distinct name becomes a
 * Freshsales list (found by name, else created) and each contact is added to the lists its row names. The ledger
 * keeps the lists the run created and the memberships it added, under these objects and entities.
 */
export const LIST_OBJECT = 'list';
export const MEMBER_OBJECT = 'list_member';
export const LIST_ENTITY = 'lists';
export const MEMBER_ENTITY = 'list_members';
export const isListEntity = (entity: string) => entity === LIST_ENTITY || entity === MEMBER_ENTITY;

/** What the lists step did, kept for the reconciliation: every list it filled, and the memberships by outcome. */
export const LISTS_CHECKPOINT = 'lists';
/** Names the step was about to create: one found later that the ledger lacks was made by an interrupted attempt. */
export const CREATING_CHECKPOINT = 'lists:creating';

export type ListsDone = {
  lists: { id: string; name: string; created: boolean }[];
  /** Memberships the loaded contacts' rows name: added now, there already, or refused by Freshsales. */
  members: { wanted: number; added: number; already: number; refused: number };
};

/** The columns a mapping sends to lists, with the mapping row each belongs to. */
export const listColumns = (mapping: Mapping) =>
  mapping.objects.flatMap((o) => o.fields.filter((f) => f.target.kind === 'list').map((f) => ({ row: o.row, column: f.column })));

/** A list name as lists are told apart: width-folded, trimmed, inner spaces collapsed, case ignored. */
export const foldListName = (name: string) => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/** A membership's ledger key and destination id. */
export const memberKey = (contactKey: string, folded: string) => `${contactKey} in ${folded}`;
export const memberId = (listId: string, contactId: string) => `${listId}/${contactId}`;
export function splitMemberId(id: string): { listId: string; contactId: string } {
  const at = id.indexOf('/');
  return { listId: id.slice(0, at), contactId: id.slice(at + 1) };
}

/** Contact ids one add or remove call carries (rules/platforms/freshsales.json, the list object's `members`). */
export function membersPerCall(kb: KnowledgeBase): number {
  const list = kb.destination('freshsales')?.objects.find((o) => o.members?.object === 'contact');
  if (!list?.members) throw new Error('rules/platforms/freshsales.json declares no object holding contacts as members');
  return list.members.perCall;
}
