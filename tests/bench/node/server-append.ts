// Appending messages on the server (sync_push on a throwaway PostgreSQL, called as PostgREST calls it):
// 6,000 messages pushed to one run in one call (six changes of 1,000, the most one change may carry)
// beside the baseline of 1,000 messages pushed to a fresh run, six times. Linear appends keep the first
// within 2× of the second; the seed's one-by-one array append made it grow with the square.
// SERVER_APPEND_SAMPLES sets the samples per figure (default 5).
import { randomUUID } from 'node:crypto';
import type { BenchFigure } from '../harness';
import { stats } from '../harness';
import { at, editRun, message, newPrompt, newRun, startTestDb, type TestDb } from '../../sql/support/test-db';

const SAMPLES = process.env['BENCH_SMOKE'] === '1' ? 1 : Math.max(1, Number(process.env['SERVER_APPEND_SAMPLES'] ?? 5));

const conversation = (n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => message(randomUUID(), null, `message ${offset + i}: ${'lorem ipsum '.repeat(20)}`, at(offset + i)));

export async function appendFigures(db: TestDb, samples = SAMPLES): Promise<BenchFigure[]> {
  const user = await db.createUser();
  const device = randomUUID();
  let seq = 0;
  const promptId = randomUUID();
  await db.push(user, device, [newPrompt(++seq, promptId)]);
  const newRunId = async () => {
    const id = randomUUID();
    await db.push(user, device, [newRun(++seq, id, promptId)]);
    return id;
  };
  const timed = async (changes: unknown[]) => {
    const t0 = performance.now();
    const res = await db.push(user, device, changes);
    const ms = performance.now() - t0;
    if (res.results.some((r) => r.status !== 'applied')) throw new Error(`append bench: ${JSON.stringify(res.results.find((r) => r.status !== 'applied'))}`);
    return ms;
  };

  // Warm-up: plans, caches.
  const warm = await newRunId();
  await timed([{ ...editRun(++seq, warm, {}, at(1)), append_messages: conversation(200) }]);

  const sixThousand: number[] = [];
  const sixTimesOneThousand: number[] = [];
  for (let s = 0; s < samples; s += 1) {
    const id = await newRunId();
    const all = conversation(6_000);
    sixThousand.push(await timed(Array.from({ length: 6 }, (_, i) => ({ ...editRun(++seq, id, {}, at(1)), append_messages: all.slice(i * 1_000, (i + 1) * 1_000) }))));
    let total = 0;
    for (let i = 0; i < 6; i += 1) {
      const fresh = await newRunId();
      total += await timed([{ ...editRun(++seq, fresh, {}, at(1)), append_messages: conversation(1_000) }]);
    }
    sixTimesOneThousand.push(total);
  }
  return [{
    name: 'sync_push: 6,000 messages appended to one run in one call (6 changes × 1,000), PostgreSQL',
    unit: 'ms',
    value: stats(sixThousand),
    baseline: { name: '1,000 messages appended to a fresh run, six calls (sum)', value: stats(sixTimesOneThousand) },
    goal: '≤ 2× the baseline (linear)',
  }];
}

export default async function serverAppend(): Promise<BenchFigure[]> {
  const db = await startTestDb();
  try {
    return await appendFigures(db);
  } finally {
    await db.close();
  }
}
