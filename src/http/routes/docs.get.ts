import type { App } from '../context.ts';
import { docsPage } from '../pages/docs-page.ts';

/** GET /docs: the interactive reference; not itself part of the OpenAPI document. */
export const registerDocsGet = (app: App) => app.get('/docs', (c) => c.html(docsPage('Ferry')));
