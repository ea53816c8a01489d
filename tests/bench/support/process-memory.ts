// Memory of a Chromium started by launchPersistentContext(dir), read from /proc (Linux): its renderer
// processes (the page's JavaScript, its dedicated workers, the DOM) and its browser process (where
// IndexedDB's backend writes in this Chromium: the StorageService utility process wrote no byte in a check). The peak is the kernel's high-water mark (VmHWM), reset before a measure.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/**
 * The browser process of the profile in `dir`, its renderers and its storage service (Chromium's child
 * processes rewrite their command line into one string, so it is searched as text).
 */
export function chromiumProcesses(dir: string): { browser: number | null; renderers: number[]; storage: number[] } {
  if (!existsSync('/proc/self/status')) return { browser: null, renderers: [], storage: [] };
  const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number);
  const cmd = new Map(pids.map((p) => [p, read(`/proc/${p}/cmdline`).replaceAll('\0', ' ')]));
  const parent = new Map(pids.map((p) => [p, Number(read(`/proc/${p}/stat`).replace(/^.*\) /, '').split(' ')[1])]));
  const browser = pids.find((p) => cmd.get(p)!.includes(`--user-data-dir=${dir}`) && !cmd.get(p)!.includes('--type=') && /chrom/.test(cmd.get(p)!)) ?? null;
  if (browser === null) return { browser, renderers: [], storage: [] };
  const under = (p: number) => {
    for (let at = parent.get(p), steps = 0; at && steps < 10; at = parent.get(at), steps += 1) if (at === browser) return true;
    return false;
  };
  const children = pids.filter(under);
  return {
    browser,
    renderers: children.filter((p) => cmd.get(p)!.includes('--type=renderer')),
    storage: children.filter((p) => cmd.get(p)!.includes('StorageService')),
  };
}

const kb = (status: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);

/** Resets the processes' peak (VmHWM) to their present size. */
export function resetPeaks(pids: readonly number[]): void {
  for (const p of pids) {
    try {
      writeFileSync(`/proc/${p}/clear_refs`, '5');
    } catch {
      // Not ours, or gone: its peak stays since its start.
    }
  }
}

/** Present and peak resident size of the processes, summed, in MB. */
export function residentMb(pids: readonly number[]): { now: number; peak: number } {
  let now = 0;
  let peak = 0;
  for (const p of pids) {
    const status = read(`/proc/${p}/status`);
    now += kb(status, 'VmRSS');
    peak += kb(status, 'VmHWM');
  }
  return { now: Math.round(now / 102.4) / 10, peak: Math.round(peak / 102.4) / 10 };
}

/** The renderer with the highest peak (the page's: the others are idle spares), present and peak, in MB. */
export function busiestRendererMb(renderers: readonly number[]): { now: number; peak: number } {
  return renderers.map((p) => residentMb([p])).reduce((a, b) => (b.peak > a.peak ? b : a), { now: 0, peak: 0 });
}
