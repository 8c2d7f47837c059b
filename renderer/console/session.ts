import { createContext, useContext } from 'react';
import type { SessionInfo } from '../../shared/console/api';
import { can, type Permission } from '../../shared/console/roles';

export const SessionContext = createContext<{ session: SessionInfo; signOut: () => void } | null>(null);

export function useSession() {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside the signed-in console');
  return value;
}

export function useCan(permission: Permission): boolean {
  return can(useSession().session.user.role, permission);
}
