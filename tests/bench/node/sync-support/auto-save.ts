// Figure 1: bytes sent per auto-save of one exchange into a run that already holds 1,000 synced
// messages, beside the full-row upsert the seed's plan would send (`.upsert(row)` of prompt_runs with
// its whole messages array). The baseline is computed, not sent: the stand-in serves only RPCs, so
// its size is JSON.stringify of the run's actual row read back from PostgreSQL after each save —
// exactly the body supabase-js would POST for `.from('prompt_runs').upsert(row)`.
import { createPrompt } from '../../../../sync/store/prompts';
import { createRun, updateRun } from '../../../../sync/store/runs';
import { stats, type BenchFigure } from '../../harness';
import { conversation, message, seeded, type World } from './world';

const EXISTING = 1_000;
const SAVES = 20;

export async function autoSaveFigures(world: World): Promise<BenchFigure[]> {
  const device = await world.device(`autosave-${Date.now()}@example.test`, true);
  const engine = device.engine();
  try {
    const random = seeded(1);
    const prompt = await createPrompt(device.db, { name: 'Long chat', user_template: '{{text}}' });
    if (!prompt.ok) throw prompt.error;
    const history = conversation(random, EXISTING);
    const run = await createRun(device.db, prompt.value.id, { variable_values: { text: 'hi' }, settings: prompt.value.settings, messages: history });
    if (!run.ok) throw run.error;
    const seed = await engine.syncNow();
    if (!seed.ok) throw new Error(`Seeding the 1,000-message run failed: ${seed.failure.message}`);

    const sent: number[] = [];
    const own: number[] = [];
    const overhead: number[] = [];
    const fullRow: number[] = [];
    let leaf = history[history.length - 1]!.id;
    for (let i = 0; i < SAVES; i += 1) {
      const user = message(random, 'user', leaf);
      const reply = message(random, 'assistant', user.id);
      leaf = reply.id;
      const saved = await updateRun(device.db, run.value.id, { append: [user, reply], current_leaf_id: reply.id });
      if (!saved.ok) throw saved.error;
      const before = { ...device.push };
      const cycle = await engine.syncNow();
      if (!cycle.ok) throw new Error(`Auto-save sync failed: ${cycle.failure.message}`);
      const bytes = device.push.bytes - before.bytes;
      // The exchange as the app holds it (WireMessage = Message without runId, as pushed).
      const exchange = Buffer.byteLength(JSON.stringify([user, reply].map(({ runId: _, ...m }) => m)));
      sent.push(bytes);
      own.push(exchange);
      overhead.push(bytes - exchange);
      const row = await world.sql.query<{ row: object }>(
        `select to_jsonb(r) - 'sync_xid' - 'field_updated_at' - 'field_clients' - 'purged_at' as row
           from public.prompt_runs r where id = $1`, [run.value.id]);
      const body = row.rows[0]?.row as { messages?: unknown[] } | undefined;
      if (!body || body.messages?.length !== EXISTING + 2 * (i + 1)) throw new Error('The server row does not hold every message: the figure would be wrong.');
      fullRow.push(Buffer.byteLength(JSON.stringify(body)));
    }
    const upsert = { name: 'full-row upsert of prompt_runs with its whole messages array (JSON body size, computed from the server row)', value: stats(fullRow) };
    return [
      { name: `Auto-save of one exchange into a run with ${EXISTING} synced messages: sync_push request body`, unit: 'bytes', value: stats(sent), baseline: upsert, goal: 'the new messages + 2 KB at most' },
      { name: 'Same saves: the new exchange\'s own JSON (user + assistant message)', unit: 'bytes', value: stats(own) },
      { name: 'Same saves: sync_push bytes beyond the new messages\' own JSON', unit: 'bytes', value: stats(overhead), goal: '≤ 2048 bytes' },
    ];
  } finally {
    engine.stop();
  }
}
