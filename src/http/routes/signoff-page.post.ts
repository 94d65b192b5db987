import { signOffVersion } from '../../scoping/service/approve.ts';
import { openSignOffLink } from '../../scoping/service/sign-off.ts';
import type { App } from '../context.ts';
import { ApiError, issueDetails } from '../errors.ts';
import { signOffDonePage } from '../pages/signoff-page.ts';
import { scopingDeps } from './scopes.schemas.ts';
import { asSignOffPage, secretFor, SignerBody } from './signoff.schemas.ts';

/** POST /signoff/:token — the sign-off form of the customer's page (form-encoded). */
export const registerSignOffPagePost = (app: App) =>
  app.post('/signoff/:token', (c) =>
    asSignOffPage(c, async () => {
      const opened = await openSignOffLink(scopingDeps(c), c.req.param('token'), await secretFor(c), Date.now());
      const form = await c.req.parseBody();
      const parsed = SignerBody.safeParse({ name: form.name, email: form.email, title: form.title || undefined, accept: form.accept === 'true' || undefined });
      if (!parsed.success) {
        const details = issueDetails(parsed.error.issues);
        throw new ApiError('BAD_REQUEST', `please check the form: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
      }
      const { name, email, title } = parsed.data;
      const done = await signOffVersion(c.get('services').db, opened.state.scope, opened.grant, { name, email, title, address: c.get('services').clientIp(c) });
      return c.html(signOffDonePage(done.version, done.signedOffAt.toISOString()));
    }),
  );
