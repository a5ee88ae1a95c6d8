import type { Role } from '@pdca/domain/stages';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, setAccessToken, setUnauthorizedHandler, type User, unwrap } from './api/client';
import {
  type DirectoryFailureReason,
  signInErrorFromFragment,
  tokenFromFragment,
} from './lib/sign-in-return';

const STORAGE_KEY = 'pdca.session';

interface Session {
  token: string;
  user: User;
}

interface AuthValue {
  user: User | null;
  expired: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): void;
  /**
   * Why the directory's sign-in did not complete: the callback's refusal, or `tokenRefused` when
   * it came back with a token that was then not accepted.
   */
  directoryFailure: DirectoryFailure | null;
  has(...roles: Role[]): boolean;
}

export type DirectoryFailure = DirectoryFailureReason | 'tokenRefused';

const AuthContext = createContext<AuthValue | null>(null);

// The tab's session only (sessionStorage): closing the browser signs out, a reload does not.
function readSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session | null>(() => {
    const stored = readSession();
    setAccessToken(stored?.token ?? null);
    return stored;
  });
  const [expired, setExpired] = useState(false);
  const [directoryFailure, setDirectoryFailure] = useState<DirectoryFailure | null>(null);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setAccessToken(null);
    setSession(null);
    queryClient.clear();
  }, [queryClient]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setExpired(true);
      signOut();
    });
  }, [signOut]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const result = await unwrap(api.POST('/api/v1/auth/login', { body: { email, password } }));
      const next = { token: result.accessToken, user: result.user };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      setAccessToken(next.token);
      queryClient.clear();
      setExpired(false);
      setSession(next);
    },
    [queryClient],
  );

  // Back from the city's directory: the API's token (or why it refused) is in the fragment. Take
  // it, drop it from the address bar (and from history), and load the user the token belongs to.
  useEffect(() => {
    const refused = signInErrorFromFragment(location.hash);
    const token = tokenFromFragment(location.hash);
    if (!refused && !token) return;
    history.replaceState(null, '', location.pathname + location.search);
    if (!token) {
      setDirectoryFailure(refused);
      return;
    }
    setAccessToken(token);
    unwrap(api.GET('/api/v1/auth/me'))
      .then((user) => {
        const next = { token, user };
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
        queryClient.clear();
        setExpired(false);
        setDirectoryFailure(null);
        setSession(next);
      })
      .catch(() => {
        setAccessToken(null);
        setDirectoryFailure('tokenRefused');
      });
  }, [queryClient]);

  // Roles and names can change while someone is signed in (an admin gives HQ the leader role): the
  // server applies them at once; the app reads the user again on each load, when the window gets
  // the focus back, and every minute, so menus follow without signing out and in again.
  const token = session?.token;
  const current = useQuery({
    queryKey: ['auth', 'me', token],
    queryFn: () => unwrap(api.GET('/api/v1/auth/me')),
    enabled: !!token,
    staleTime: 0,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  useEffect(() => {
    const user = current.data;
    if (!user || !token) return;
    setSession((before) => {
      if (!before || before.token !== token || JSON.stringify(before.user) === JSON.stringify(user))
        return before;
      const next = { token, user };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
  }, [current.data, token]);

  const value = useMemo<AuthValue>(
    () => ({
      user: session?.user ?? null,
      expired,
      signIn,
      signOut,
      directoryFailure,
      has: (...roles) => !!session && roles.some((r) => session.user.roles.includes(r)),
    }),
    [session, expired, signIn, signOut, directoryFailure],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** Where a role starts: its inbox or board. */
export function homePath(user: User): string {
  const roles = user.roles;
  // A committee member (外部評価委員, who holds no other role) starts at their review rounds.
  if (roles.includes('external_reviewer')) return '/external-reviews';
  if (roles.includes('wg_leader')) return '/tasks';
  if (roles.includes('hq_approver')) return '/approvals';
  if (roles.includes('hq_admin') || roles.includes('admin')) return '/board';
  if (roles.includes('auditor')) return '/audit';
  // 財政課 (#26) starts at the budget chain of the year under formulation.
  if (roles.includes('finance')) return '/budget-status';
  return '/tasks';
}
