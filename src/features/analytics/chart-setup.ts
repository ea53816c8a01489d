// Chart.js with only the pieces a bar chart needs registered (tree-shaken), and the app's look.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** A palette colour of the current theme (the stylesheet re-maps them in dark mode) as canvas-ready rgb. */
function themeColour(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  const probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!value || !probe) return fallback;
  probe.fillStyle = fallback;
  probe.fillStyle = value;
  probe.fillRect(0, 0, 1, 1);
  const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
  return `rgb(${r}, ${g}, ${b})`;
}

export function drawBarChart(canvas: HTMLCanvasElement, labels: string[], values: number[], format: (v: number) => string): Chart {
  const bar = themeColour('--color-slate-700', '#334155');
  const grid = themeColour('--color-slate-200', '#e2e8f0');
  return new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: [{ data: values, backgroundColor: bar, borderRadius: 3, maxBarThickness: 48 }] },
    options: {
      // Drawn at once: a period change redraws in the same frame (the figures are ready).
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => format(Number(item.raw)) } } },
      scales: {
        x: { ticks: { color: bar, autoSkip: true, maxRotation: 0 }, grid: { display: false } },
        y: { beginAtZero: true, ticks: { color: bar, callback: (v) => format(Number(v)) }, grid: { color: grid } },
      },
    },
  });
}

/** New figures for a drawn chart (its look and format stay), redrawn at once without animation; false for
 *  a chart that never got a canvas to draw on (it is then made anew). */
export function updateBarChart(chart: Chart, labels: string[], values: number[]): boolean {
  if (!chart.ctx) return false;
  chart.data.labels = labels;
  chart.data.datasets[0]!.data = values;
  chart.update('none');
  return true;
}
