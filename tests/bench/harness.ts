// Shared by bench pages: timing statistics, so every figure is reported the same way.
export interface Stats {
  n: number;
  median: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] ?? NaN;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    median: round(at(0.5)),
    p95: round(at(0.95)),
    mean: round(sum / sorted.length),
    min: round(sorted[0] ?? NaN),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

export const round = (x: number) => Math.round(x * 100) / 100;

export interface BenchFigure {
  name: string;
  unit: string;
  value: Stats | number;
  baseline?: { name: string; value: Stats | number };
  goal?: string;
}

/** What `npm run bench` passes to every bench: BENCH_SCALE (1 = the full figures), BENCH_SMOKE=1 (a tiny run that proves the bench works). */
export interface BenchOptions {
  scale: number;
  smoke: boolean;
}

declare global {
  interface Window {
    __bench?: (options?: BenchOptions) => Promise<BenchFigure[]>;
  }
}
