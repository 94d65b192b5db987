import { openSignOffLink, signOffSummary } from '../../scoping/service/sign-off.ts';
import type { App } from '../context.ts';
import { signOffPage } from '../pages/signoff-page.ts';
import { scopingDeps } from './scopes.schemas.ts';
import { asSignOffPage, secretFor } from './signoff.schemas.ts';

/** GET /signoff/:token — the customer's page; outside the OpenAPI document, like the website. */
export const registerSignOffPageGet = (app: App) =>
  app.get('/signoff/:token', (c) =>
    asSignOffPage(c, async () => {
      const token = c.req.param('token');
      const opened = await openSignOffLink(scopingDeps(c), token, await secretFor(c), Date.now());
      return c.html(signOffPage(signOffSummary(opened), token));
    }),
  );
