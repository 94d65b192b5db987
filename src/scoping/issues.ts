/** One problem with a request, located by a dotted path into it. */
export interface Issue {
  path: string;
  message: string;
}

/** zod issues as `[{ path, message }]` with dotted paths a client can point at. */
export const issueList = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): Issue[] =>
  issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
