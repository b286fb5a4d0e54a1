import { SetMetadata } from '@nestjs/common';

export const ROLES = ['admin', 'analyst', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'flowbridge:roles';
export const PUBLIC_KEY = 'flowbridge:public';

/** Who may call a route. Every route must say: the guard refuses routes that declare nothing. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Open to anyone; the route authenticates callers its own way (hooks) or needs none (health, login). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Any signed-in user. */
export const ANY_ROLE: Role[] = [...ROLES];

export interface Principal {
  id: string;
  email: string;
  roles: Role[];
  via: 'session' | 'token';
  csrfToken?: string;
}
