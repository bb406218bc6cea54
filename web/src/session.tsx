// Who is signed in: the server-side session behind the httpOnly cookie. The page learns it (and the CSRF
// token its writes must carry) from GET /api/auth/session; signing out revokes the session on the server.
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, call, setCsrfToken, type ResponseOf } from './api/client';
import { rememberLanguage, storedLanguage, type Language } from './i18n';

export type SessionInfo = ResponseOf<'/auth/session', 'get'>;
export type SessionUser = SessionInfo['user'];
export type Role = SessionUser['role'];

interface SessionContextValue {
  user: SessionUser | null;
  loading: boolean;
  signIn(username: string, password: string): Promise<SessionUser>;
  signOut(): Promise<void>;
  setLanguage(lang: Language): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);
const SESSION_KEY = ['session'];

/** The current session as the cookie has it (and its CSRF token for the writes that follow); null: signed out. */
export async function loadSession(): Promise<SessionInfo | null> {
  try {
    const session = await call(api.GET('/auth/session'));
    setCsrfToken(session.csrfToken);
    return session;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: SESSION_KEY, queryFn: loadSession, staleTime: Infinity, retry: 1 });

  const signInMutation = useMutation({
    mutationFn: (body: { username: string; password: string }) => call(api.POST('/auth/session', { body })),
    onSuccess(data) {
      setCsrfToken(data.csrfToken);
      queryClient.setQueryData(SESSION_KEY, data);
      // The language chosen on the sign-in page wins over the one stored for the user only if it was changed here.
      const lang = data.user.locale === 'en' ? 'en' : 'vi';
      if (lang !== storedLanguage()) rememberLanguage(lang);
    },
  });

  const signIn = useCallback(async (username: string, password: string) => (await signInMutation.mutateAsync({ username, password })).user, [signInMutation]);

  const signOut = useCallback(async () => {
    try {
      await call(api.DELETE('/auth/session'));
    } finally {
      setCsrfToken(null);
      // The session query keeps its observers (clearing the whole cache would leave them on a dead query and the
      // page signed in); everything else the user saw is dropped.
      queryClient.setQueryData(SESSION_KEY, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    }
  }, [queryClient]);

  const user = session.data?.user ?? null;
  const setLanguage = useCallback(
    (lang: Language) => {
      rememberLanguage(lang);
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      if (user) void call(api.PUT('/me/locale', { body: { locale: lang } })).catch(() => undefined);
    },
    [queryClient, user],
  );

  const value = useMemo(
    () => ({ user, loading: session.isPending, signIn, signOut, setLanguage }),
    [user, session.isPending, signIn, signOut, setLanguage],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Called when any request answers 401: the session ended on the server (expired, revoked). */
export function useSessionEnded() {
  const queryClient = useQueryClient();
  return useCallback(() => {
    setCsrfToken(null);
    queryClient.setQueryData(SESSION_KEY, null);
  }, [queryClient]);
}
