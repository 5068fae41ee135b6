import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api, onUnauthenticated, setToken } from '../api/client';
import type { User } from '../api/types';

interface Session {
  token: string;
  expiresAt: string;
  user: User;
}

interface AuthState {
  session?: Session;
  /** Why the last session ended, shown on the login page. */
  endedBecause?: string;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** The password was changed: the session goes on without the one-time/expired mark. */
  passwordChanged(): void;
}

const STORAGE_KEY = 'pm.session';
const AuthContext = createContext<AuthState | undefined>(undefined);

const ENDED: Record<string, string> = {
  SESSION_EXPIRED: '登录已过期，请重新登录',
  SESSION_REVOKED: '登录已失效，请重新登录',
  UNAUTHENTICATED: '请先登录',
};

function readStored(): Session | undefined {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const session = raw ? (JSON.parse(raw) as Session) : undefined;
    if (session && new Date(session.expiresAt).getTime() > Date.now()) return session;
  } catch {
    // A damaged entry is the same as none.
  }
  localStorage.removeItem(STORAGE_KEY);
  return undefined;
}

/** The login session, kept in localStorage so a reload stays logged in until the server says otherwise. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(() => {
    const stored = readStored();
    setToken(stored?.token);
    return stored;
  });
  const [endedBecause, setEndedBecause] = useState<string>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();

  const end = useCallback(
    (reason?: string) => {
      localStorage.removeItem(STORAGE_KEY);
      setToken(undefined);
      setSession(undefined);
      setEndedBecause(reason);
      queryClient.clear();
    },
    [queryClient],
  );

  useEffect(() => {
    // Any 401 ends the session and returns to the login page, which brings the user back here after.
    onUnauthenticated((code, message) => {
      // The server says why (disabled, password reset, ended by the 安全管理员): show its words.
      end(message ?? ENDED[code] ?? ENDED.UNAUTHENTICATED);
      const here = `${window.location.pathname}${window.location.search}`;
      if (!window.location.pathname.startsWith('/login'))
        navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
  }, [end, navigate, location]);

  const value = useMemo<AuthState>(
    () => ({
      session,
      endedBecause,
      async login(username, password) {
        const result = await api.post<Session>('/auth/login', { username, password });
        localStorage.setItem(STORAGE_KEY, JSON.stringify(result));
        setToken(result.token);
        setEndedBecause(undefined);
        setSession(result);
      },
      async logout() {
        await api.post('/auth/logout').catch(() => undefined);
        end();
      },
      passwordChanged() {
        if (!session) return;
        const next = { ...session, user: { ...session.user, passwordChange: null } };
        localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
        setSession(next);
      },
    }),
    [session, endedBecause, end],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

export function useUser(): User {
  const { session } = useAuth();
  if (!session) throw new Error('useUser without a session');
  return session.user;
}

/**
 * Pages behind login: without a session, go to the login page and come back to the same address after;
 * with a one-time or expired password, to the password page first (the server refuses everything else).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  const here = encodeURIComponent(location.pathname + location.search);
  if (!session) return <Navigate to={`/login?next=${here}`} replace />;
  if (session.user.passwordChange && location.pathname !== '/password')
    return <Navigate to={`/password?next=${here}`} replace />;
  return <>{children}</>;
}

/** Finance sections, centers, leadership, oversight and admins see the county; departments their own work. */
export function isFinanceUser(user: User): boolean {
  if (user.systemRoles.includes('superadmin') || user.systemRoles.includes('admin')) return true;
  return Boolean(
    user.orgUnit && ['finance-section', 'center', 'leadership', 'oversight'].includes(user.orgUnit.kind),
  );
}
