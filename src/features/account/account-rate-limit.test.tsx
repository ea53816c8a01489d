// @vitest-environment jsdom
// Rate limits as a person meets them: the real supabase-js client behind the app's auth backend, the
// Account page, and an auth server that answers GoTrue's 429 over_request_rate_limit with Retry-After.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, configure, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PromptRunsDB } from '@sync/db';
import { newId } from '@sync/clock';
import { AccountProvider } from '@/lib/account/account-context';
import { createAccountController } from '@/lib/account/account-controller';
import { AccountPage } from './account-page';
import { createSupabaseAuthBackend } from '@/lib/supabase/auth-backend';
import { createAuthRateGate } from '@/lib/supabase/auth-rate-gate';

configure({ asyncUtilTimeout: 15_000 });
afterEach(cleanup);

const CONFIG = { supabaseUrl: 'http://127.0.0.1:54321', supabaseAnonKey: 'anon-key' };

/** An auth server that is over its limit: every /auth/v1 call answers 429 with Retry-After. */
function limitedServer(retryAfter: string | null) {
  const calls: string[] = [];
  const fetchFn: typeof fetch = async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push(url);
    return new Response(JSON.stringify({ code: 'over_request_rate_limit', message: 'Request rate limit reached' }), {
      status: 429,
      headers: { 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01', ...(retryAfter ? { 'retry-after': retryAfter } : {}) },
    });
  };
  return { calls, fetchFn };
}

describe('auth rate gate', () => {
  it('passes the first 429 on, then answers that endpoint itself until Retry-After has passed', async () => {
    let now = 1_000_000;
    const server = limitedServer('7');
    const gate = createAuthRateGate(server.fetchFn, () => now);
    const signIn = () => gate.fetch(`${CONFIG.supabaseUrl}/auth/v1/token?grant_type=password`, { method: 'POST', body: '{}' });
    expect((await signIn()).status).toBe(429);
    expect(server.calls).toHaveLength(1);
    now += 3_000;
    const early = await signIn();
    expect(early.status).toBe(429);
    expect(early.headers.get('retry-after')).toBe('4');
    expect(gate.secondsLeft('token')).toBe(4);
    expect(server.calls).toHaveLength(1);
    // Sign-up has a limit of its own; REST calls are never gated.
    await gate.fetch(`${CONFIG.supabaseUrl}/auth/v1/signup`, { method: 'POST', body: '{}' });
    await gate.fetch(`${CONFIG.supabaseUrl}/rest/v1/rpc/sync_pull`, { method: 'POST', body: '{}' });
    expect(server.calls).toHaveLength(3);
    now += 4_000;
    await signIn();
    expect(server.calls).toHaveLength(4);
  });

  it('hands a refused refresh to supabase-js as a retryable 503, so the session is kept', async () => {
    let now = 0;
    const server = limitedServer(null);
    const gate = createAuthRateGate(server.fetchFn, () => now);
    const refresh = () => gate.fetch(`${CONFIG.supabaseUrl}/auth/v1/token?grant_type=refresh_token`, { method: 'POST', body: '{}' });
    const first = await refresh();
    expect(first.status).toBe(503);
    // GoTrue sends no Retry-After: wait 10 s before asking again.
    expect(first.headers.get('retry-after')).toBe('10');
    now += 9_000;
    expect((await refresh()).status).toBe(503);
    expect(server.calls).toHaveLength(1);
  });

  it('shows "Too many attempts — try again in N s" on the Account page and does not ask again before then', async () => {
    const server = limitedServer('30');
    const backend = createSupabaseAuthBackend(CONFIG, createAuthRateGate(server.fetchFn));
    const suffix = newId();
    const controller = createAccountController({
      loadConfig: async () => ({ mode: 'sync', config: CONFIG }),
      createBackend: () => backend,
      openDatabase: (userId) => new PromptRunsDB(`rate-gate-${userId ?? 'signed-out'}-${suffix}`),
    });
    await controller.start();
    render(
      <AccountProvider controller={controller}>
        <AccountPage />
      </AccountProvider>,
    );
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: 'Email' }), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'secret123');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/Too many attempts — try again in (29|30) s\./)).toBeInTheDocument();
    const asked = server.calls.length;
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/Too many attempts — try again in (2\d|30) s\./)).toBeInTheDocument();
    expect(server.calls).toHaveLength(asked);
  });
});
