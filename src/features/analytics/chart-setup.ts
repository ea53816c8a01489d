// Chart.js with only the pieces a bar chart needs registered (tree-shaken), and the app's look.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export function drawBarChart(canvas: HTMLCanvasElement, labels: string[], values: number[], format: (v: number) => string): Chart {
  return new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: [{ data: values, backgroundColor: '#334155', borderRadius: 3, maxBarThickness: 48 }] },
    options: {
      // Drawn at once: a period change redraws in the same frame (the figures are ready).
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => format(Number(item.raw)) } } },
      scales: {
        x: { ticks: { color: '#334155', autoSkip: true, maxRotation: 0 }, grid: { display: false } },
        y: { beginAtZero: true, ticks: { color: '#334155', callback: (v) => format(Number(v)) }, grid: { color: '#e2e8f0' } },
      },
    },
  });
}
