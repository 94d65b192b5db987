import { z } from 'zod';
import type { DestinationList, ListSession, RefusedMember } from '../../protocol.ts';
import { VIEW_PAGE_MAX, type FreshsalesClient } from './client.ts';
import { FreshsalesError } from './errors.ts';

const FreshsalesList = z.looseObject({ id: z.union([z.number(), z.string()]), name: z.string() });
const Member = z.looseObject({ id: z.union([z.number(), z.string()]) });
const Meta = z.looseObject({ total_pages: z.number().int().min(0) }).optional();

const asList = (l: z.infer<typeof FreshsalesList>): DestinationList => ({ id: String(l.id), name: l.name });
const isNotFound = (e: unknown) => e instanceof FreshsalesError && e.code === 'FRESHSALES_NOT_FOUND';

function listId(id: string): number {
  if (!/^\d{1,15}$/.test(id)) throw new FreshsalesError('FRESHSALES_VALIDATION', `"${id}" is not a Freshsales list id`, 0);
  return Number(id);
}

/** Every item of a paged listing: pages until the answer's total_pages, or until a short page when it gives none. */
async function allPages<T>(fetchPage: (page: number) => Promise<{ items: T[]; totalPages: number | null }>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const { items, totalPages } = await fetchPage(page);
    out.push(...items);
    if (totalPages === null ? items.length < VIEW_PAGE_MAX : page >= totalPages) return out;
  }
}

/**
 * Freshsales contact lists (GET/POST /lists, PUT /lists/:id/add_contacts|remove_contacts with {ids}, GET
 * /contacts/lists/:id, DELETE /lists/:id). Whether Freshsales refuses a whole membership batch for one bad id is
 * undocumented; the sandbox does, so a refused batch is tried again one id a call to find the contacts at fault
 * (extra calls on that path only).
 */
export function listSession(client: Pick<FreshsalesClient, 'request'>): ListSession {
  const members = (id: number, action: 'add_contacts' | 'remove_contacts', ids: string[]) =>
    client.request({ method: 'PUT', path: `/lists/${id}/${action}`, body: { ids: ids.map((x) => (/^\d+$/.test(x) ? Number(x) : x)) }, schema: z.unknown() });

  const add = async (id: number, ids: string[]): Promise<RefusedMember[]> => {
    try {
      await members(id, 'add_contacts', ids);
      return [];
    } catch (e) {
      if (!(e instanceof FreshsalesError) || e.code !== 'FRESHSALES_VALIDATION') throw e;
      if (ids.length === 1) return [{ contactId: ids[0]!, message: (e.details.messages ?? []).join('; ') || e.message }];
      const refused: RefusedMember[] = [];
      for (const one of ids) refused.push(...(await add(id, [one])));
      return refused;
    }
  };

  return {
    all: () =>
      allPages(async (page) => {
        const body = await client.request({
          method: 'GET',
          path: '/lists',
          query: { page: String(page), per_page: String(VIEW_PAGE_MAX) },
          schema: z.looseObject({ lists: z.array(FreshsalesList), meta: Meta }),
        });
        return { items: body.lists.map(asList), totalPages: body.meta?.total_pages ?? null };
      }),
    create: async (name) => asList(await client.request({ method: 'POST', path: '/lists', body: { list: { name } }, schema: z.looseObject({ list: FreshsalesList }).transform((b) => b.list) })),
    async members(id) {
      try {
        const ids = await allPages(async (page) => {
          const body = await client.request({
            method: 'GET',
            path: `/contacts/lists/${listId(id)}`,
            query: { page: String(page), per_page: String(VIEW_PAGE_MAX) },
            schema: z.looseObject({ contacts: z.array(Member), meta: Meta }),
          });
          return { items: body.contacts.map((c) => String(c.id)), totalPages: body.meta?.total_pages ?? null };
        });
        return ids;
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
    },
    add: (id, ids) => (ids.length ? add(listId(id), ids) : Promise.resolve([])),
    async remove(id, ids) {
      try {
        if (ids.length) await members(listId(id), 'remove_contacts', ids);
        return 'removed';
      } catch (e) {
        if (isNotFound(e)) return 'gone';
        throw e;
      }
    },
    async delete(id) {
      try {
        await client.request({ method: 'DELETE', path: `/lists/${listId(id)}`, schema: z.unknown() });
        return 'deleted';
      } catch (e) {
        if (isNotFound(e)) return 'gone';
        throw e;
      }
    },
  };
}
