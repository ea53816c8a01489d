// Who is signed in, which device database is active, and the sync engine that goes with it. Local-only
// mode (no /config.json) and signed-out mode use the signed-out database and run no engine.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { openDatabase, type PromptRunsDB } from '@sync/db';
import type { SyncEngine } from '@sync/engine/sync-engine';
import type { AccountUser, AuthBackend } from '@/lib/supabase/auth-backend';
import type { ConfigResult } from '@/lib/supabase/runtime-config';
import type { ShareLinkService } from '@/lib/share/share-link-sync';
import type { ReplyStreams } from '@sync/live/reply-frame';
import type { MembersApi } from '@sync/share/members-api';
import { count } from '@/lib/text/plural';

export type AccountPhase = 'starting' | 'local-only' | 'signed-out' | 'signed-in';

export interface AccountState {
  phase: AccountPhase;
  user: AccountUser | null;
  db: PromptRunsDB;
  engine: SyncEngine | null;
  /** The signed-in user's share links (queue, list, revoke); null when signed out or the backend cannot share. */
  shareLinks: ShareLinkService | null;
  /** Replies streaming live between the user's screens; null when signed out or without Realtime. */
  replyStreams: ReplyStreams | null;
  /** Runs shared with people; null when signed out or the backend cannot share. */
  members: MembersApi | null;
  busy: boolean;
  error: string | null;
  notice: string | null;
}

const LAST_USER_KEY = 'prompt-runs.last-user';
/** How long a start waits for the session check before opening the last signed-in person's data anyway. */
const START_CHECK_MS = 2_000;

/** `promise`'s value, or `fallback` if it has not settled within `ms`. */
function settleWithin<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Who was signed in last, so opening the app offline shows their database, not the signed-out one. */
const lastUser = {
  read(): AccountUser | null {
    try {
      const value = JSON.parse(globalThis.localStorage?.getItem(LAST_USER_KEY) ?? 'null') as Partial<AccountUser> | null;
      return value && typeof value.id === 'string' && typeof value.email === 'string' ? { id: value.id, email: value.email } : null;
    } catch {
      return null;
    }
  },
  write(user: AccountUser | null) {
    try {
      if (user) globalThis.localStorage?.setItem(LAST_USER_KEY, JSON.stringify(user));
      else globalThis.localStorage?.removeItem(LAST_USER_KEY);
    } catch {
      // Storage unavailable (private mode): the offline start just shows the signed-out database.
    }
  },
};

export interface AccountDeps {
  loadConfig(): Promise<ConfigResult>;
  /** May load its client lazily (supabase-js stays out of the first route's bundle). */
  createBackend(config: Extract<ConfigResult, { mode: 'sync' }>['config']): AuthBackend | Promise<AuthBackend>;
  openDatabase?(userId: string | null): PromptRunsDB;
  createEngine?(db: PromptRunsDB, backend: AuthBackend, user: AccountUser): SyncEngine;
}

export interface AccountController {
  store: StoreApi<AccountState>;
  start(): Promise<void>;
  signUp(email: string, password: string): Promise<void>;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Push what is pending now; resolves with how many changes are still unsynced. */
  flush(): Promise<number>;
}

export function createAccountController(deps: AccountDeps): AccountController {
  const databases = new Map<string, PromptRunsDB>();
  const open = (userId: string | null) => {
    const key = userId ?? '';
    const db = databases.get(key) ?? (deps.openDatabase ?? openDatabase)(userId);
    databases.set(key, db);
    return db;
  };
  const store = createStore<AccountState>(() => ({ phase: 'starting', user: null, db: open(null), engine: null, shareLinks: null, replyStreams: null, members: null, busy: false, error: null, notice: null }));
  let backend: AuthBackend | null = null;
  let starting: Promise<void> | null = null;
  let stopWatching: (() => void) | null = null;

  async function activate(user: AccountUser): Promise<void> {
    if (!backend) return;
    const db = open(user.id);
    // Loaded here, not at the top: the engine is only for signed-in sessions (keeps the first route light).
    const session = await import('./sync-session');
    const adopted = await session.adoptLocalData(open(null), db, user.id);
    lastUser.write(user);
    const engine = (deps.createEngine ?? session.createDefaultEngine)(db, backend, user);
    engine.start();
    stopWatching = backend.watchRemoteChanges?.(user, () => engine.notifyRemoteChange()) ?? null;
    const shareLinks = backend.shares ? session.startShareLinkSync(db, backend.shares, engine) : null;
    // Named as people know them ("1 run and 2 prompts"), never as rows.
    const moved = [adopted.runs ? count(adopted.runs, 'run') : '', adopted.prompts ? count(adopted.prompts, 'prompt') : ''].filter(Boolean).join(' and ');
    store.setState({
      phase: 'signed-in', user, db, engine, shareLinks, replyStreams: backend.replyStreams ?? null, members: backend.members ?? null, error: null,
      notice: moved ? `${moved} made on this device before signing in now ${adopted.runs + adopted.prompts === 1 ? 'belongs' : 'belong'} to ${user.email}.` : null,
    });
  }

  function deactivate(notice: string | null): void {
    lastUser.write(null);
    stopWatching?.();
    stopWatching = null;
    store.getState().engine?.stop();
    store.getState().shareLinks?.stop();
    store.setState({ phase: 'signed-out', user: null, db: open(null), engine: null, shareLinks: null, replyStreams: null, members: null, notice });
  }

  async function busy(task: () => Promise<void>): Promise<void> {
    store.setState({ busy: true, error: null, notice: null });
    try {
      await task();
    } catch (error) {
      store.setState({ error: error instanceof Error ? error.message : String(error) });
    } finally {
      store.setState({ busy: false });
    }
  }

  async function startOnce(): Promise<void> {
    const config = await deps.loadConfig();
    if (config.mode === 'local-only') return void store.setState({ phase: 'local-only', notice: config.reason });
    backend = await deps.createBackend(config.config);
    backend.onSignedOut(() => {
      if (store.getState().phase === 'signed-in') deactivate('You were signed out. Your changes stay on this device.');
    });
    const last = lastUser.read();
    const check = backend.currentUser().catch(() => 'unreachable' as const);
    // When the token needs renewing and the auth server cannot be reached, supabase-js keeps retrying for
    // up to 30 s before it answers: the last signed-in person does not wait for it to see their data.
    const found = last ? await settleWithin(check, START_CHECK_MS, 'unreachable' as const) : await check;
    // Offline at start: keep working as the last signed-in person; the engine syncs once reachable.
    const user = found === 'unreachable' ? last : found;
    if (user) await activate(user);
    else store.setState({ phase: 'signed-out' });
    if (last && found === 'unreachable') {
      // The late answer: no session after all (signed out elsewhere, or the sign-in lapsed) closes theirs.
      void check.then((late) => {
        if (late === null && store.getState().user?.id === last.id) deactivate('You were signed out. Your changes stay on this device.');
      });
    }
  }

  return {
    store,
    start() {
      // Idempotent: React StrictMode runs effects twice.
      starting ??= startOnce();
      return starting;
    },
    signUp: (email, password) =>
      busy(async () => {
        if (!backend) throw new Error('Accounts are not available: this copy of the app has no sync server.');
        const outcome = await backend.signUp(email.trim(), password);
        if (!outcome.ok) return void store.setState({ error: outcome.message });
        if (outcome.user) await activate(outcome.user);
        else store.setState({ notice: 'Check your email to confirm the address, then sign in.' });
      }),
    signIn: (email, password) =>
      busy(async () => {
        if (!backend) throw new Error('Accounts are not available: this copy of the app has no sync server.');
        const outcome = await backend.signIn(email.trim(), password);
        if (!outcome.ok) return void store.setState({ error: outcome.message });
        if (outcome.user) await activate(outcome.user);
      }),
    signOut: () =>
      busy(async () => {
        if (store.getState().phase !== 'signed-in') return;
        store.getState().engine?.stop();
        await backend?.signOut();
        deactivate('Signed out. Your runs stay in your account and on this device until you sign in again.');
      }),
    async flush() {
      const engine = store.getState().engine;
      if (!engine) return 0;
      await engine.syncNow();
      await engine.refreshState();
      return engine.getState().pending;
    },
  };
}
