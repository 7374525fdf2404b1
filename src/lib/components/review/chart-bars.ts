import { BarController, BarElement, CategoryScale, Chart, LinearScale } from 'chart.js';

// Only what a bar chart needs: Chart.js tree-shakes the rest away.
Chart.register(BarController, BarElement, CategoryScale, LinearScale);

/** A small horizontal bar chart with one bar per label, its data filled in by the caller. */
export function barChart(
	canvas: HTMLCanvasElement,
	labels: string[],
	colors: string[]
): Chart<'bar'> {
	Chart.defaults.font.family = getComputedStyle(canvas).fontFamily;
	return new Chart(canvas, {
		type: 'bar',
		data: { labels, datasets: [{ data: [], backgroundColor: colors, barThickness: 14 }] },
		options: {
			indexAxis: 'y',
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			events: [],
			plugins: { legend: { display: false }, tooltip: { enabled: false } },
			scales: {
				x: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: '#eef1f4' } },
				y: { grid: { display: false } }
			}
		}
	});
}
