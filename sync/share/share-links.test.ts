// The device side of share links: tokens, the offline queue and its flush, the server list merged in,
// and the check of a shared view before it is shown.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { err, ok } from '../model';
import { freshDb } from '../test-support';
import { newId } from '../clock';
import type { PromptRunsDB } from '../db';
import { addShareLink, listShareLinks, markShareLinkRevoked, mergeServerShares, queuedShareLinks } from '../store/shares';
import { flushShareLinks } from './flush-share-links';
import type { NewShareRequest, ShareApi, ShareApiFailure } from './share-api';
import type { ShareLink } from './share-link';
import { hashShareToken, newShareToken, SHARE_TOKEN_PATTERN } from './share-token';
import { parseSharedRunAnswer } from './shared-view';

const dbs: PromptRunsDB[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));
const open = () => {
  const db = freshDb();
  dbs.push(db);
  return db;
};

const link = (runId: string, extra: Partial<ShareLink> = {}): ShareLink => ({
  id: newId(), runId, token: newShareToken(), mode: 'snapshot', leafId: newId(), runName: 'Trip', promptName: 'Planner',
  modelName: 'Echo (offline)', hiddenVariables: [], createdAt: new Date().toISOString(), expiresAt: null, revokedAt: null,
  state: 'pending', ...extra,
});

/** A server that answers each create with the next scripted outcome (then ok), and knows the links it made. */
function fakeApi(script: Array<ShareApiFailure | 'ok'> = [], onCreate?: () => Promise<void>) {
  const received: NewShareRequest[] = [];
  const revoked: string[] = [];
  const made = new Set<string>();
  const api: ShareApi = {
    async create(request) {
      received.push(request);
      await onCreate?.();
      const next = script.shift() ?? 'ok';
      if (next !== 'ok') return err(next);
      made.add(request.id);
      return ok({ createdAt: '2026-12-05T10:00:00.000Z', revokedAt: null });
    },
    list: async () => ok([]),
    async revoke(id) {
      revoked.push(id);
      return ok(made.has(id));
    },
  };
  return { api, received, revoked, made };
}

describe('share tokens', () => {
  it('are 256 random bits as 43 base64url characters, never twice the same, hashed as SHA-256 hex', async () => {
    const tokens = new Set(Array.from({ length: 200 }, newShareToken));
    expect(tokens.size).toBe(200);
    for (const t of tokens) expect(t).toMatch(SHARE_TOKEN_PATTERN);
    const token = [...tokens][0]!;
    expect(await hashShareToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
  });
});

describe('the queue of links made offline', () => {
  it('sends pending links oldest first, with the hash and never the token, and marks them synced', async () => {
    const db = open();
    const first = link('run-1', { createdAt: '2026-12-05T09:00:00.000Z' });
    const second = link('run-2', { createdAt: '2026-12-05T09:01:00.000Z', mode: 'live' });
    await addShareLink(db, second);
    await addShareLink(db, first);
    const { api, received } = fakeApi();
    expect(await flushShareLinks(db, api)).toEqual({ sent: 2, waiting: 0, stoppedBy: null });
    expect(received.map((r) => r.id)).toEqual([first.id, second.id]);
    expect(received[0]!.tokenHash).toBe(await hashShareToken(first.token!));
    expect(JSON.stringify(received)).not.toContain(first.token);
    expect(await queuedShareLinks(db, 'pending')).toEqual([]);
    expect((await listShareLinks(db, 'run-1'))[0]).toMatchObject({ state: 'synced', token: first.token, createdAt: '2026-12-05T10:00:00.000Z' });
  });

  it('keeps a link whose run is not on the server yet, and stops at the first offline answer', async () => {
    const db = open();
    const waiting = link('run-1', { createdAt: '2026-12-05T09:00:00.000Z' });
    const later = [link('run-2', { createdAt: '2026-12-05T09:01:00.000Z' }), link('run-3', { createdAt: '2026-12-05T09:02:00.000Z' })];
    for (const l of [waiting, ...later]) await addShareLink(db, l);
    const { api, received } = fakeApi([{ reason: 'not_synced', message: 'not yet' }, { reason: 'offline', message: 'no network' }]);
    expect(await flushShareLinks(db, api)).toEqual({ sent: 0, waiting: 3, stoppedBy: 'offline' });
    expect(received).toHaveLength(2);
    expect((await queuedShareLinks(db, 'pending')).map((l) => l.id)).toEqual([waiting.id, ...later.map((l) => l.id)]);
    expect(await flushShareLinks(db, fakeApi().api)).toEqual({ sent: 3, waiting: 0, stoppedBy: null });
  });

  it('records a refusal in words and stops sending that link; a run deleted forever fails its links', async () => {
    const db = open();
    const refused = link('run-1');
    const purged = link('run-2');
    await addShareLink(db, refused);
    await addShareLink(db, purged);
    await db.purged.put({ id: 'run-2', purged_at: new Date().toISOString() });
    const { api, received } = fakeApi([{ reason: 'refused', message: 'expires_at is not a date' }]);
    await flushShareLinks(db, api);
    expect(received.map((r) => r.id)).toEqual([refused.id]);
    expect((await listShareLinks(db, 'run-1'))[0]).toMatchObject({ state: 'pending', failure: 'expires_at is not a date' });
    expect((await listShareLinks(db, 'run-2'))[0]!.failure).toMatch(/deleted forever/);
    expect(await queuedShareLinks(db, 'pending')).toEqual([]);
  });
});

describe('revoking', () => {
  it('tells the server first, before sending new links, and keeps the link as revoked', async () => {
    const db = open();
    const old = link('run-1', { createdAt: '2026-12-05T09:00:00.000Z' });
    await addShareLink(db, old);
    const server = fakeApi();
    await flushShareLinks(db, server.api);
    await markShareLinkRevoked(db, old.id, '2026-12-05T12:00:00.000Z');
    const fresh = link('run-1', { createdAt: '2026-12-05T12:01:00.000Z' });
    await addShareLink(db, fresh);
    const calls: string[] = [];
    const api = { ...server.api, revoke: (id: string) => (calls.push(`revoke ${id}`), server.api.revoke(id)), create: (r: NewShareRequest) => (calls.push(`create ${r.id}`), server.api.create(r)) };
    expect(await flushShareLinks(db, api)).toEqual({ sent: 2, waiting: 0, stoppedBy: null });
    expect(calls).toEqual([`revoke ${old.id}`, `create ${fresh.id}`]);
    expect((await listShareLinks(db, 'run-1')).find((l) => l.id === old.id)).toMatchObject({ state: 'synced', revokedAt: '2026-12-05T12:00:00.000Z' });
  });

  it('forgets a link the server never had, and keeps an offline revoke queued', async () => {
    const db = open();
    const never = link('run-1');
    await addShareLink(db, never);
    await markShareLinkRevoked(db, never.id, new Date().toISOString());
    const offline: ShareApi = { ...fakeApi().api, revoke: async () => err({ reason: 'offline', message: 'no network' }) };
    expect(await flushShareLinks(db, offline)).toMatchObject({ stoppedBy: 'offline', waiting: 1 });
    expect(await queuedShareLinks(db, 'revoking')).toHaveLength(1);
    const { api, received } = fakeApi();
    await flushShareLinks(db, api);
    expect(received).toEqual([]); // a revoked link is never created
    expect(await listShareLinks(db, 'run-1')).toEqual([]);
  });

  it('a revoke made while the link was being sent still reaches the server', async () => {
    const db = open();
    const racing = link('run-1');
    await addShareLink(db, racing);
    const server = fakeApi([], () => markShareLinkRevoked(db, racing.id, new Date().toISOString()));
    await flushShareLinks(db, server.api);
    expect(server.made.has(racing.id)).toBe(true);
    expect(await queuedShareLinks(db, 'revoking')).toHaveLength(1);
    await flushShareLinks(db, server.api);
    expect(server.revoked).toEqual([racing.id]);
    expect((await listShareLinks(db, 'run-1'))[0]).toMatchObject({ state: 'synced', revokedAt: expect.any(String) });
  });
});

describe("the server's list", () => {
  it('adds links made elsewhere without a token and takes revocations, leaving pending links alone', async () => {
    const db = open();
    const mine = link('run-1', { state: 'synced' });
    const pending = link('run-1');
    await addShareLink(db, mine);
    await addShareLink(db, pending);
    await mergeServerShares(db, [
      { id: mine.id, runId: 'run-1', mode: 'snapshot', runName: 'Trip', createdAt: mine.createdAt, expiresAt: null, revokedAt: '2026-12-05T11:00:00.000Z' },
      { id: 'elsewhere', runId: 'run-1', mode: 'live', runName: 'Trip', createdAt: '2026-12-01T00:00:00.000Z', expiresAt: null, revokedAt: null },
    ]);
    const links = await listShareLinks(db, 'run-1');
    expect(links.find((l) => l.id === mine.id)).toMatchObject({ token: mine.token, revokedAt: '2026-12-05T11:00:00.000Z' });
    expect(links.find((l) => l.id === 'elsewhere')).toMatchObject({ token: null, state: 'synced', mode: 'live' });
    expect(links.find((l) => l.id === pending.id)).toMatchObject({ state: 'pending' });
  });
});

describe('a shared view read from the server or the cache', () => {
  const good = {
    status: 'ok',
    view: {
      version: 1, mode: 'live', run_name: 'Trip', prompt_name: 'Planner', model_name: 'Echo (offline)', model_id: 'echo',
      run_created_at: '2026-12-01T00:00:00Z', shared_at: '2026-12-02T00:00:00Z', expires_at: null,
      variables: [{ name: 'city', value: 'Lisbon' }], private_variables: 1,
      messages: [{ role: 'user', content: 'Hi', status: 'done', created_at: '2026-12-01T00:00:01Z' }], omitted: 0,
    },
  };
  it('is accepted when it fits, and "unavailable" is an answer too', () => {
    expect(parseSharedRunAnswer(good)).toMatchObject({ ok: true, value: { status: 'ok', view: { run_name: 'Trip' } } });
    expect(parseSharedRunAnswer({ status: 'unavailable' })).toEqual({ ok: true, value: { status: 'unavailable' } });
  });
  it('is refused with a reason when malformed or from a newer version', () => {
    const bad = { ...good, view: { ...good.view, messages: [{ role: 'hacker', content: 1 }] } };
    expect(parseSharedRunAnswer(bad)).toMatchObject({ ok: false, error: { reason: 'corrupt_record', message: expect.stringMatching(/messages\.0\.role/) } });
    expect(parseSharedRunAnswer({ ...good, view: { ...good.view, version: 2 } })).toMatchObject({ ok: false });
    expect(parseSharedRunAnswer(null)).toMatchObject({ ok: false });
  });
});
