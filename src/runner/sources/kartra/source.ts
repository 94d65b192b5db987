import type { SharedRateBudget } from '../../budget/rate-budget.ts';
import type { CheckResult, ConnectorCtx, Json, SourceConnector, StreamSpec } from '../../protocol.ts';
import { normaliseKey } from '../../../scoping/text.ts';
import { createExportsSource, type ExportFiles } from '../exports/index.ts';
import { createKartraClient, DEFAULT_KARTRA_CLIENT_OPTIONS, type KartraClientOptions } from './client.ts';
import { columnFields, headerFor, KARTRA_EXPORT_HEADERS, LOOKUP_COLUMN, multiValueSeparator } from './columns.ts';
import { kartraConfigSchema, type KartraConfig, type KartraStreamObject } from './config.ts';
import { createKartraBudget } from './kartra-budget.ts';
import { readStream } from './read-stream.ts';
import { customFieldIdentifiers } from './rows.ts';

export interface KartraSourceOptions {
  /** Leads between checkpoints. */
  leadsPerCheckpoint: number;
  /** Leads looked up at once per read (the app's budget still paces every call). */
  concurrency: number;
  client: KartraClientOptions;
}

export const DEFAULT_KARTRA_SOURCE_OPTIONS: KartraSourceOptions = { leadsPerCheckpoint: 100, concurrency: 4, client: DEFAULT_KARTRA_CLIENT_OPTIONS };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The Kartra Inbound API as a source. Kartra cannot list its leads, so every stream walks the emails of the customer's
 * contacts export (read through the exports source) and asks the API about each lead; rows carry the export files'
 * columns, so a scope discovered from exports runs unchanged. Every session of one app shares one FIFO budget.
 */
export function createKartraSource(files: ExportFiles, options: Partial<KartraSourceOptions> = {}): SourceConnector<KartraConfig> {
  const opts = { ...DEFAULT_KARTRA_SOURCE_OPTIONS, ...options };
  if (!(opts.concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, got ${opts.concurrency}`);
  const exportsSource = createExportsSource(files, { checkpointEvery: opts.leadsPerCheckpoint, highWaterMark: Math.max(16, opts.concurrency * 2) });
  const budgets = new Map<string, SharedRateBudget>();
  const budgetFor = (config: KartraConfig, ctx: ConnectorCtx) => {
    const key = `${config.baseUrl}\n${config.appId}`;
    let budget = budgets.get(key);
    if (!budget) budgets.set(key, (budget = createKartraBudget({ now: ctx.now, sleep: ctx.sleep })));
    return budget;
  };

  return {
    kind: 'kartra',
    configSchema: kartraConfigSchema,
    secrets: ['apiKey', 'apiPassword'],
    objectStreams: true,
    open(config, ctx) {
      const exportsSession = exportsSource.open({ kind: 'exports', dir: config.exportsDir }, ctx);
      const budget = budgetFor(config, ctx);
      const clientFor = (signal: AbortSignal) => createKartraClient(config.baseUrl, config, budget, { fetch: ctx.fetch, sleep: ctx.sleep, signal }, opts.client);
      const client = clientFor(ctx.signal);
      const separator = multiValueSeparator();

      let exportSpecs: Promise<StreamSpec[]> | undefined;
      /** The columns of the export files (read once): the contacts export's, and those of any export named like a stream. */
      async function exportHeaders() {
        const specs = await (exportSpecs ??= exportsSession.discover());
        const contacts = specs.find((s) => s.name === config.contactsFile);
        if (!contacts) throw new Error(`no contacts export "${config.contactsFile}" in ${config.exportsDir}: Kartra's leads are read for the emails it lists`);
        const contactColumns = columnFields('contact', contacts.columns);
        const emailHeader = headerFor(contactColumns, 'email');
        if (!emailHeader) throw new Error(`${config.contactsFile} has no email column (its columns: ${contacts.columns.join(', ')})`);
        return { specs, contacts, contactColumns, emailHeader };
      }
      /** A transaction or subscription stream copies the header of an export of the same name when there is one. */
      const headersOf = (specs: StreamSpec[], stream: string, object: Exclude<KartraStreamObject, 'contact'>) =>
        specs.find((s) => s.name === stream)?.columns ?? KARTRA_EXPORT_HEADERS[object].map(([header]) => header);

      function objectOf(stream: string): KartraStreamObject {
        const object = config.streams[stream];
        if (!object) throw new Error(`no Kartra stream "${stream}"; the configured streams are ${Object.keys(config.streams).join(', ')}`);
        return object;
      }

      return {
        async check(): Promise<CheckResult> {
          try {
            await exportHeaders();
            await client.action('retrieve_custom_fields', null);
            return { ok: true };
          } catch (e) {
            return { ok: false, message: message(e) };
          }
        },

        async discover() {
          const { specs, contacts } = await exportHeaders();
          const out: StreamSpec[] = [];
          let customIds: string[] | undefined;
          for (const [stream, object] of Object.entries(config.streams)) {
            if (object !== 'contact') {
              out.push({ name: stream, columns: headersOf(specs, stream, object) });
              continue;
            }
            // Custom fields the export has no column for still come through, under their identifiers.
            customIds ??= customFieldIdentifiers(await client.action('retrieve_custom_fields', null));
            const have = new Set(contacts.columns.map(normaliseKey));
            out.push({ name: stream, columns: [...contacts.columns, ...customIds.filter((id) => !have.has(normaliseKey(id))), LOOKUP_COLUMN] });
          }
          return out;
        },

        read(stream: string, state: Json | null) {
          const object = objectOf(stream);
          ctx.log('info', 'reading Kartra through its API', { stream, object, resuming: state !== null });
          return (async function* () {
            const { specs, contactColumns, emailHeader } = await exportHeaders();
            const stop = new AbortController();
            yield* readStream(
              {
                stream,
                object,
                columns: object === 'contact' ? contactColumns : columnFields(object, headersOf(specs, stream, object)),
                emailHeader,
                separator,
                concurrency: opts.concurrency,
                client: clientFor(AbortSignal.any([ctx.signal, stop.signal])),
                log: ctx.log,
                openExport: (exportState) => exportsSession.read(config.contactsFile, exportState),
                stop: () => stop.abort(new Error(`reading ${stream} stopped`)),
              },
              state,
            );
          })();
        },
      };
    },
  };
}
