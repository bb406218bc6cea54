// Sends the candidate's pending changes to the server, one request at a time and in order, within a second
// of each change; retries with a growing pause while the network is down and at once when it returns.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, NetworkError } from '../api/client';
import { loadSession } from '../session';
import type { AnswerStore, PendingChange } from './answer-store';

export interface SaveAck {
  serverTime: string;
}

export interface AutosaveState {
  /** Server time of the last acknowledged save. */
  lastSavedAt: string | null;
  saving: boolean;
  /** The last attempt failed for lack of network (or the browser says it is offline). */
  offline: boolean;
  pendingCount: number;
  /** The server no longer knows the candidate's session (signed out elsewhere): sign in again, nothing is lost. */
  signedOut: boolean;
  /** A refusal the candidate must read (other than "time is up"). */
  error: string | null;
}

const DEBOUNCE_MS = 300;
const MAX_RETRY_MS = 5_000;

export function useAutosave(
  store: AnswerStore | null,
  send: (changes: PendingChange[]) => Promise<SaveAck>,
  onClosed: (err: ApiError) => void,
): AutosaveState & { flush: () => Promise<boolean> } {
  const [state, setState] = useState<AutosaveState>({ lastSavedAt: null, saving: false, offline: !navigator.onLine, pendingCount: 0, signedOut: false, error: null });
  const inFlight = useRef<Promise<boolean> | null>(null);
  const retryDelay = useRef(1_000);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const sendRef = useRef(send);
  const closedRef = useRef(onClosed);
  sendRef.current = send;
  closedRef.current = onClosed;

  const flushRef = useRef<() => Promise<boolean>>(async () => true);

  const schedule = useCallback((ms: number) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flushRef.current(), ms);
  }, []);

  /** Sends everything pending; resolves true when nothing is left unsent. */
  const flush = useCallback(async (): Promise<boolean> => {
    if (!store) return true;
    if (inFlight.current) {
      await inFlight.current;
      return store.pending().length === 0 || flushRef.current();
    }
    const batch = store.pending();
    if (!batch.length) return true;
    const run = (async () => {
      setState((s) => ({ ...s, saving: true }));
      try {
        const ack = await sendRef.current(batch);
        store.ack(batch);
        retryDelay.current = 1_000;
        setState((s) => ({ ...s, saving: false, offline: false, signedOut: false, lastSavedAt: ack.serverTime, error: null, pendingCount: store.pending().length }));
        if (store.pending().length) schedule(0);
        return store.pending().length === 0;
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          setState((s) => ({ ...s, saving: false }));
          closedRef.current(err);
          return false;
        }
        if (err instanceof ApiError && err.status !== 401 && err.code !== 'CSRF_TOKEN_INVALID') {
          setState((s) => ({ ...s, saving: false, error: err.message }));
          return false;
        }
        // Offline, the server unreachable or the session gone: keep everything, try again a little later (a sign-in
        // in another tab gives this one the new session's cookie).
        const signedOut = err instanceof ApiError && (err.status === 401 || err.code === 'CSRF_TOKEN_INVALID');
        // Signed in again in another tab: this tab takes that session's CSRF token before it retries.
        if (signedOut) await loadSession().catch(() => null);
        setState((s) => ({ ...s, saving: false, signedOut, offline: err instanceof NetworkError || !navigator.onLine }));
        schedule(retryDelay.current);
        retryDelay.current = Math.min(retryDelay.current * 2, MAX_RETRY_MS);
        return false;
      } finally {
        inFlight.current = null;
      }
    })();
    inFlight.current = run;
    return run;
  }, [store, schedule]);
  flushRef.current = flush;

  useEffect(() => {
    if (!store) return;
    setState((s) => ({ ...s, pendingCount: store.pending().length }));
    if (store.pending().length) schedule(0); // what a reload found unsent
    return store.subscribe(() => {
      setState((s) => ({ ...s, pendingCount: store.pending().length }));
      if (store.pending().length) schedule(DEBOUNCE_MS);
    });
  }, [store, schedule]);

  useEffect(() => {
    const online = () => {
      retryDelay.current = 1_000;
      setState((s) => ({ ...s, offline: false }));
      schedule(0);
    };
    const offline = () => setState((s) => ({ ...s, offline: true }));
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [schedule]);

  return { ...state, flush };
}
