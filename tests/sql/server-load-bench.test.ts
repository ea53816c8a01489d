// A small-scale run of the server load bench (tests/bench/node/server-load.ts), so it cannot rot: it
// seeds two table sizes, runs devices pushing and pulling at once, captures the plans of sync_pull and
// sync_push, and prints its figures.
import { describe, expect, it } from 'vitest';
import { loadFigures, plansText, runServerLoad } from '../bench/node/server-support/load';

describe('server load bench (tiny scale)', () => {
  it('completes and prints its figures and plans', async () => {
    const options = { users: 4, sizes: [400, 800], messagesPerRun: 10, rounds: 2, pool: 3, inactiveUsers: 20, newDevices: 2, pageRows: 20 };
    const reports = await runServerLoad(options);
    const figures = loadFigures(reports, options);
    const lines = figures.map((f) => `${f.name}: ${JSON.stringify(f.value)}${f.baseline ? ` (baseline ${JSON.stringify(f.baseline.value)})` : ''}`);
    console.log(lines.join('\n'));
    expect(reports.map((r) => r.messages)).toEqual([400, 800]);
    expect(figures.length).toBeGreaterThanOrEqual(8);
    for (const f of figures) {
      const value = typeof f.value === 'number' ? f.value : f.value.median;
      expect(Number.isFinite(value), f.name).toBe(true);
    }
    for (const r of reports) {
      expect(r.pull.length).toBeGreaterThanOrEqual(options.users * options.rounds);
      expect(r.push).toHaveLength(options.users * options.rounds);
      expect(r.plans.some((p) => p.call.startsWith('sync_pull') && /Buffers: shared/.test(p.text))).toBe(true);
      expect(r.plans.some((p) => p.call.startsWith('sync_push') && /insert into public\.prompt_run_messages/i.test(p.text))).toBe(true);
    }
    expect(plansText(reports)).toContain('Query Text');
  }, 180_000);
});
