import { createContext, ReactNode, useContext, useMemo } from 'react';
import { LedgerClient, ledgerClient, Schemas } from '../api/client';

export type Permission = Schemas['Me']['permissions'][number];

export interface Session {
  token: string;
  me: Schemas['Me'];
}

export interface SessionApi extends Session {
  client: LedgerClient;
  /** R2: the console shows only what the caller's roles allow. */
  can(permission: Permission): boolean;
  signOut(): void;
}

const SessionContext = createContext<SessionApi | null>(null);
const STORAGE_KEY = 'ledger-console-session';

export function storedSession(): Session | null {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    return null;
  }
}

export function storeSession(session: Session | null): void {
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
}

export function SessionProvider({ session, onSignOut, children }: { session: Session; onSignOut: () => void; children: ReactNode }) {
  const value = useMemo<SessionApi>(
    () => ({
      ...session,
      client: ledgerClient(session.token, onSignOut),
      can: (permission) => session.me.permissions.includes(permission),
      signOut: onSignOut,
    }),
    [session, onSignOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
