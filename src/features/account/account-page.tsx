// The Account page (/account): sign up, sign in, sign out. Without a configured sync server it explains
// that everything stays on this device; signing out with unsynced changes warns and offers to wait.
import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { useAccount, useAccountController } from '@/lib/account/account-context';
import { SignOutDialog } from './sign-out-dialog';

function SignInForm() {
  const controller = useAccountController();
  const busy = useAccount((s) => s.busy);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  function submit(action: 'signIn' | 'signUp') {
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) return setFormError('Enter an email address like name@example.com.');
    if (password.length < 6) return setFormError('The password needs at least 6 characters.');
    setFormError(null);
    void controller[action](email, password);
  }

  return (
    <form
      className="flex max-w-sm flex-col gap-3"
      aria-label="Sign in or sign up"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        submit('signIn');
      }}
    >
      <TextField label="Email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      {formError && <p role="alert" className="text-sm text-red-700">{formError}</p>}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={busy}>Sign in</Button>
        <Button onClick={() => submit('signUp')} disabled={busy}>Sign up</Button>
      </div>
    </form>
  );
}

function SignedIn() {
  const controller = useAccountController();
  const user = useAccount((s) => s.user);
  const engine = useAccount((s) => s.engine);
  const busy = useAccount((s) => s.busy);
  const [dialog, setDialog] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [pending, setPending] = useState(0);

  // While waiting, sign out as soon as the engine reports nothing left to send.
  useEffect(() => {
    if (!waiting || !engine) return;
    let done = false;
    const check = () => {
      const state = engine.getState();
      if (done) return;
      setPending(state.pending);
      if (state.pending === 0 && !state.syncing) {
        // Stop listening first: signing out stops the engine, which notifies its listeners again.
        done = true;
        unsubscribe();
        setWaiting(false);
        setDialog(false);
        void controller.signOut();
      }
    };
    const unsubscribe = engine.subscribe(check);
    void controller.flush().then(check);
    return () => {
      done = true;
      unsubscribe();
    };
  }, [waiting, engine, controller]);

  async function requestSignOut() {
    await engine?.refreshState();
    const count = engine?.getState().pending ?? 0;
    if (count === 0) return void controller.signOut();
    setPending(count);
    setDialog(true);
  }

  return (
    <div className="flex flex-col gap-3">
      <p>
        Signed in as <strong>{user?.email}</strong>. Your prompts and runs sync between your devices.
      </p>
      <div>
        <Button onClick={() => void requestSignOut()} disabled={busy}>Sign out</Button>
      </div>
      <SignOutDialog
        open={dialog}
        pending={pending}
        waiting={waiting}
        onOpenChange={(open) => {
          setDialog(open);
          if (!open) setWaiting(false);
        }}
        onWait={() => setWaiting(true)}
        onSignOutAnyway={() => {
          setDialog(false);
          setWaiting(false);
          void controller.signOut();
        }}
      />
    </div>
  );
}

export function AccountPage() {
  const phase = useAccount((s) => s.phase);
  const error = useAccount((s) => s.error);
  const notice = useAccount((s) => s.notice);
  return (
    <section className="flex flex-col gap-4 p-4" aria-labelledby="account-heading">
      <h1 id="account-heading" className="text-xl font-semibold">Account</h1>
      {phase === 'starting' && <p role="status">Checking your account…</p>}
      {phase === 'local-only' && (
        // Why there are no accounts (the config's reason: none configured, no connection to load it, …), once.
        <p>{notice ?? 'This copy of the app has no sync server configured.'} Without an account, everything you make is saved on this device and works offline.</p>
      )}
      {phase === 'signed-out' && (
        <>
          <p>Sign in to keep your prompts and runs on all your devices. Without an account everything stays on this device.</p>
          <SignInForm />
        </>
      )}
      {phase === 'signed-in' && <SignedIn />}
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      {notice && phase !== 'local-only' && <p role="status" className="text-sm text-slate-700">{notice}</p>}
    </section>
  );
}
