/** Every role a token can carry: the one list behind the db column, the zod schemas and `can`. */
export const ROLES = ['sales', 'engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What each permission needs. Admin holds every permission; the other roles hold their own area. */
const PERMISSIONS = {
  'tokens:manage': ['admin'],
  'account:read': ['sales', 'engineer', 'admin'],
  'scopes:read': ['sales', 'engineer', 'admin'],
  'scopes:write': ['sales', 'admin'],
  'runs:read': ['sales', 'engineer', 'admin'],
  'runs:write': ['engineer', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const can = (role: Role, permission: Permission): boolean =>
  (PERMISSIONS[permission] as readonly Role[]).includes(role);
