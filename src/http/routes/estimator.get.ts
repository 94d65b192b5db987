import type { App } from '../context.ts';
import { estimatorPage } from '../pages/estimator-page.ts';

/** GET /: the public website, Ferry's CRM migration estimator; a page, not part of the OpenAPI document. */
export const registerEstimatorGet = (app: App) => app.get('/', (c) => c.html(estimatorPage()));
