// Reading the usage totals for a period: a range over the day index (a few hundred rows however many
// replies). Rows kept under a placeholder prompt (replies pulled before their run) are filed under their
// run's prompt once it is here, and totals made in another time zone are rebuilt for this one.
import type { PromptRunsDB } from '../db';
import { countedPrompt, PLACEHOLDER_PREFIX, rebuildUsageTotals, TOTALS_TABLE, totalsKey, type UsageTotalRow } from './usage-totals';

const TZ_KEY = 'usage-totals-time-zone';

function timeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Rebuild the totals when this device's time zone is not the one they were kept in (days would be off). */
async function keepTimeZone(db: PromptRunsDB): Promise<void> {
  const zone = timeZone();
  const stored = await db.meta.get(TZ_KEY);
  if (stored?.value === zone) return;
  await db.transaction('rw', [db.runs, db.messages, db.usageTotals, db.meta], async (tx) => {
    // Only totals kept in a known other zone are rebuilt; the first time, the zone is just noted.
    if (stored !== undefined) await rebuildUsageTotals(tx);
    await db.meta.put({ key: TZ_KEY, value: zone });
  });
}

/** File placeholder rows under their run's prompt when the run has arrived. */
async function resolvePlaceholders(db: PromptRunsDB): Promise<void> {
  const waiting = await db.usageTotals.where('promptId').startsWith(PLACEHOLDER_PREFIX).toArray();
  if (waiting.length === 0) return;
  await db.transaction('rw', [db.usageTotals, db.runs], async () => {
    const runs = await db.runs.bulkGet(waiting.map((r) => r.promptId.slice(PLACEHOLDER_PREFIX.length)));
    for (const [i, row] of waiting.entries()) {
      const promptId = countedPrompt(runs[i] as Record<string, unknown> | undefined);
      // A run shared with the person: its replies count for nothing here.
      if (promptId === false) await db.usageTotals.delete(row.id);
      if (!promptId) continue;
      const fresh = await db.usageTotals.get(row.id);
      if (!fresh) continue;
      const id = totalsKey(row.day, promptId, row.modelId);
      const into = (await db.usageTotals.get(id)) ?? { ...fresh, id, promptId, runs: 0, replies: 0, inputTokens: 0, outputTokens: 0, estimatedReplies: 0, totalTime: 0, timedReplies: 0, timeToFirstToken: 0, firstTokenReplies: 0 };
      const merged: UsageTotalRow = { ...into, modelName: into.modelName || fresh.modelName };
      for (const k of ['runs', 'replies', 'inputTokens', 'outputTokens', 'estimatedReplies', 'totalTime', 'timedReplies', 'timeToFirstToken', 'firstTokenReplies'] as const) merged[k] = into[k] + fresh[k];
      await db.usageTotals.put(merged);
      await db.usageTotals.delete(row.id);
    }
  });
}

/** Once per page open: totals in this time zone, placeholders filed. */
export async function prepareUsageTotals(db: PromptRunsDB): Promise<void> {
  await keepTimeZone(db);
  await resolvePlaceholders(db);
}

/** Totals rows of the days from `from` to `to` (inclusive, 'YYYY-MM-DD'); every day when both are null. */
export async function readUsageTotals(db: PromptRunsDB, from: string | null, to: string | null): Promise<UsageTotalRow[]> {
  const table = db.table<UsageTotalRow, string>(TOTALS_TABLE);
  if (from === null && to === null) return table.toArray();
  return table.where('day').between(from ?? '', to ?? '\uffff', true, true).toArray();
}
