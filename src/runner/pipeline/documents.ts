import type { DestinationSession } from '../protocol.ts';
import type { RunnerDeps } from './deps.ts';
import { isDocumentObject, packageOf } from './documents-kinds.ts';
import { uploadDocuments } from './documents-upload.ts';
import { buildDocumentPackages } from './kb-package.ts';
import type { LoadOptions } from './load.ts';
import type { RunContext } from './run-context.ts';

/** The load's last step: files after every record they attach to, then the document packages (and their notes). */
export async function loadDocuments(deps: RunnerDeps, rc: RunContext, session: DestinationSession, opts: LoadOptions): Promise<void> {
  const objects = rc.plan.filter(isDocumentObject);
  for (const p of objects.filter((x) => !packageOf(deps.kb, rc.sourcePlatform, x))) await uploadDocuments(deps, rc, session, p, opts);
  await buildDocumentPackages(deps, rc, session, opts);
}
