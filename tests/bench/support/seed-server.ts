// Seeds an account on the local stand-in straight into PostgreSQL, as the tables' owner: thousands of
// runs in seconds, where pushing them through sync_push would take minutes. The rows are what
// sync_push itself would have stored (the run, its messages array and one prompt_run_messages row per
// message), written oldest first, a few hundred runs per transaction, as devices pushing over months
// would have left them. Each run is a linear conversation of alternating user and assistant turns.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { createCorpus } from './corpus';

export interface SeedOptions {
  runs: number;
  messagesPerRun: number;
  /** A word found in the oldest run's first message only: finding it proves the whole library is searchable. */
  rareWord: string;
  /** Newest run's last message time (runs are spaced back from it). */
  newestAt?: number;
}

export interface SeededAccount {
  promptId: string;
  /** Names of the newest and the oldest run (the newest is listed first). */
  newestRunName: string;
  oldestRunName: string;
  runs: number;
  messages: number;
  /** Size of the account's data as JSON, as the server sends it (runs without the messages array, and messages). */
  jsonBytes: number;
}

const RUNS_PER_TRANSACTION = 250;

export function runName(i: number): string {
  return `Bench run ${String(i).padStart(6, '0')}`;
}

export async function seedAccount(sql: pg.Pool | pg.Client, userId: string, options: SeedOptions): Promise<SeededAccount> {
  const corpus = createCorpus(11);
  const promptId = randomUUID();
  const newest = options.newestAt ?? Date.parse('2026-11-30T12:00:00.000Z');
  const created = new Date(newest - (options.runs + 10) * 3_600_000).toISOString();
  await sql.query(
    `insert into public.prompts (id, user_id, name, user_template, settings, created_at, updated_at)
     values ($1, $2, 'Bench prompt', '{{text}}', '{"provider":"echo","model_id":"echo"}', $3, $3)`,
    [promptId, userId, created],
  );
  const per = options.messagesPerRun;
  // Oldest chunk first, so the server's change order (transaction ids) runs from old to new.
  for (let end = options.runs; end > 0; end -= RUNS_PER_TRANSACTION) {
    const start = Math.max(0, end - RUNS_PER_TRANSACTION);
    const run = { id: [] as string[], name: [] as string[], created: [] as string[], last: [] as string[], leaf: [] as string[], preview: [] as string[] };
    const msg = { run: [] as string[], id: [] as string[], body: [] as string[], created: [] as string[] };
    for (let i = end - 1; i >= start; i -= 1) {
      const id = randomUUID();
      // Run i is i hours (and a little) older than the newest; its messages a minute apart.
      const lastAt = newest - i * 3_600_000 - (i % 7) * 60_000;
      let parent: string | null = null;
      let lastText = '';
      for (let m = 0; m < per; m += 1) {
        const mid = randomUUID();
        const role = m % 2 === 0 ? 'user' : 'assistant';
        let content = role === 'user' ? corpus.text(100, 400) : corpus.text(300, 1_400);
        if (i === options.runs - 1 && m === 0) content += ` ${options.rareWord}`;
        const at = new Date(lastAt - (per - 1 - m) * 60_000).toISOString();
        const body: Record<string, unknown> = { id: mid, parentId: parent, role, content, status: 'done', createdAt: at };
        if (role === 'assistant') body.metadata = { model: 'echo', tokens: Math.round(content.length / 4), totalTime: 800 + (m % 13) * 97 };
        msg.run.push(id);
        msg.id.push(mid);
        msg.body.push(JSON.stringify(body));
        msg.created.push(at);
        parent = mid;
        lastText = content;
      }
      run.id.push(id);
      run.name.push(runName(i));
      run.created.push(new Date(lastAt - per * 60_000).toISOString());
      run.last.push(new Date(lastAt).toISOString());
      run.leaf.push(parent ?? '');
      run.preview.push(lastText.replace(/\s+/g, ' ').trim().slice(0, 140));
    }
    await sql.query('begin');
    try {
      await sql.query(
        `insert into public.prompt_runs (id, prompt_id, user_id, name, description, variable_values, settings, status,
           created_at, updated_at, last_message_at, current_leaf_id, last_message_preview, field_updated_at)
         select r.id, $2, $3, r.name, '', '{"text":"bench"}', '{"provider":"echo","model_id":"echo"}', 'active',
           r.created, r.last, r.last, nullif(r.leaf, '')::uuid, r.preview, '{}'
           from unnest($1::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::text[])
             as r(id, name, created, last, leaf, preview)`,
        [run.id, promptId, userId, run.name, run.created, run.last, run.leaf, run.preview],
      );
      await sql.query(
        `insert into public.prompt_run_messages (run_id, id, user_id, body, created_at)
         select m.run_id, m.id, $5, m.body, m.created
           from unnest($1::uuid[], $2::uuid[], $3::jsonb[], $4::timestamptz[]) as m(run_id, id, body, created)`,
        [msg.run, msg.id, msg.body, msg.created, userId],
      );
      // The seed's messages array, as sync_push keeps it beside the per-message rows.
      await sql.query(
        `update public.prompt_runs r set messages = m.arr
           from (select run_id, jsonb_agg(body order by created_at) as arr from public.prompt_run_messages
                  where run_id = any($1::uuid[]) group by run_id) m
          where r.id = m.run_id`,
        [run.id],
      );
      await sql.query('commit');
    } catch (error) {
      await sql.query('rollback');
      throw error;
    }
  }
  const { rows } = await sql.query<{ bytes: string }>(
    `select (select coalesce(sum(octet_length(sync_internal.run_json(r)::text)), 0) from public.prompt_runs r where r.user_id = $1)
          + (select coalesce(sum(octet_length((m.body || jsonb_build_object('run_id', m.run_id))::text)), 0)
               from public.prompt_run_messages m where m.user_id = $1) as bytes`,
    [userId],
  );
  return {
    promptId,
    newestRunName: runName(0),
    oldestRunName: runName(options.runs - 1),
    runs: options.runs,
    messages: options.runs * per,
    jsonBytes: Number(rows[0]?.bytes ?? 0),
  };
}

/** Creates an account through the stand-in's GoTrue API; returns its user id. */
export async function signUp(backendUrl: string, anonKey: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${backendUrl}/auth/v1/signup`, {
    method: 'POST',
    headers: { apikey: anonKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { user?: { id?: string }; id?: string; msg?: string };
  const id = body.user?.id ?? body.id;
  if (!res.ok || !id) throw new Error(`Sign-up of ${email} failed: HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  return id;
}
