import { create } from 'zustand';
import { ApiError, setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import { authApi } from '../api/endpoints';
import type { Role, User } from '../api/types';

type Status = 'loading' | 'anonymous' | 'authenticated';

interface SessionState {
  status: Status;
  user: User | null;
  restore: () => Promise<void>;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  expire: () => void;
}

export const useSession = create<SessionState>((set) => ({
  status: 'loading',
  user: null,
  restore: async () => {
    try {
      const { csrfToken, ...user } = await authApi.me();
      setCsrfToken(csrfToken);
      set({ status: 'authenticated', user });
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) console.warn('session check failed', error);
      set({ status: 'anonymous', user: null });
    }
  },
  login: async (email, password) => {
    const { user, csrfToken, demo } = await authApi.login(email, password);
    setCsrfToken(csrfToken);
    set({ status: 'authenticated', user: { ...user, demo } });
  },
  logout: async () => {
    try {
      await authApi.logout();
    } finally {
      setCsrfToken(null);
      set({ status: 'anonymous', user: null });
    }
  },
  expire: () => {
    // A field still being typed in (a flow's name commits on blur) is committed before the login
    // page replaces it, so the editor's local copy keeps it: any request's 401 can end the session.
    if (typeof document !== 'undefined' && document.activeElement instanceof HTMLElement) document.activeElement.blur();
    setCsrfToken(null);
    set({ status: 'anonymous', user: null });
  },
}));

setUnauthenticatedHandler(() => useSession.getState().expire());

export interface Permissions {
  isAdmin: boolean;
  canEdit: boolean;
  canOperateRuns: boolean;
}

export function permissionsOf(roles: readonly Role[] | undefined): Permissions {
  const has = (r: Role) => !!roles?.includes(r);
  return { isAdmin: has('admin'), canEdit: has('admin') || has('analyst'), canOperateRuns: has('admin') || has('manager') };
}

export const usePermissions = (): Permissions => permissionsOf(useSession((s) => s.user?.roles));
