// A bar chart of one figure per group, drawn with Chart.js (canvas), loaded on first use so it never
// weighs on the app's start. The canvas is an image with a summary for screen readers; the table beside
// it holds the same numbers.
import { useEffect, useRef, useState } from 'react';
import { subscribeTheme } from '@/lib/theme';
import type { Chart } from 'chart.js';

interface UsageChartProps {
  /** What the chart shows, for its accessible name ("Tokens by day"). */
  title: string;
  labels: string[];
  values: number[];
  format: (value: number) => string;
}

const sameList = <T,>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

type ChartModule = typeof import('./chart-setup');
let loading: Promise<ChartModule> | null = null;
/** Fetched as soon as the page's code runs, while its figures are read, not after they are on screen. */
export const loadChart = () => (loading ??= import('./chart-setup'));

export function UsageChart({ title, labels, values, format }: UsageChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart | null>(null);
  const formatRef = useRef(format);
  formatRef.current = format;
  // Redrawn in the other theme's colours when it changes.
  const [theme, setTheme] = useState(0);
  useEffect(() => subscribeTheme(() => setTheme((n) => n + 1)), []);

  // Drawn once, then given new figures in place (a period or figure change, a reply saved meanwhile): far
  // cheaper than building a new chart, and nothing is redrawn when the figures are the same.
  const drawn = useRef<{ labels: string[]; values: number[]; theme: number } | null>(null);
  useEffect(() => {
    let live = true;
    const last = drawn.current;
    if (last && last.theme === theme && sameList(last.labels, labels) && sameList(last.values, values)) return;
    void loadChart().then(({ drawBarChart, updateBarChart }) => {
      if (!live || !canvasRef.current) return;
      const updated = chartRef.current !== null && drawn.current?.theme === theme && updateBarChart(chartRef.current, labels, values);
      if (!updated) {
        chartRef.current?.destroy();
        chartRef.current = drawBarChart(canvasRef.current, labels, values, (v) => formatRef.current(v));
      }
      drawn.current = { labels, values, theme };
      performance.mark('analytics:chart-drawn');
    });
    return () => {
      live = false;
    };
  }, [labels, values, theme]);
  useEffect(() => () => chartRef.current?.destroy(), []);

  const max = values.length ? Math.max(...values) : 0;
  const top = labels[values.indexOf(max)];
  const summary = values.length === 0 || max === 0 ? `${title}: nothing in this period.` : `${title}: highest ${format(max)} (${top}). The table beside it has every value.`;
  return (
    <div className="relative h-56 w-full min-w-0">
      <canvas ref={canvasRef} role="img" aria-label={summary} />
    </div>
  );
}
