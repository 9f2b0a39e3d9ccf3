/**
 * The report as a picture: one horizontal bar per copy (its rate) with the 95% interval as a
 * whisker, the holdout in grey. Plain SVG text, no dependencies; every text is escaped.
 */
export interface Bar {
	label: string;
	/** Printed after the bar, e.g. "4.1% · share 62%". */
	note: string;
	rate: number | null;
	low: number | null;
	high: number | null;
	control: boolean;
}

export function escapeXml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

const ROW = 28;
const LABEL_WIDTH = 260;
const PLOT_WIDTH = 420;
const NOTE_WIDTH = 220;
const TOP = 48;
const shortened = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The chart of the first `maxBars` bars; a last line counts the ones left out (every copy is still an item). */
export function chartSvg(title: string, all: readonly Bar[], maxBars = Infinity): string {
	const bars = all.slice(0, maxBars);
	const left = all.length - bars.length;
	const highest = bars.reduce((most, bar) => Math.max(most, bar.high ?? bar.rate ?? 0), 0.0001);
	// A round top of the scale: 1, 2 or 5 times a power of ten.
	const magnitude = 10 ** Math.floor(Math.log10(highest));
	const top = [1, 2, 5, 10].map((step) => step * magnitude).find((value) => value >= highest) ?? 1;
	const x = (rate: number) => LABEL_WIDTH + (Math.min(rate, top) / top) * PLOT_WIDTH;
	const width = LABEL_WIDTH + PLOT_WIDTH + NOTE_WIDTH;
	const height = TOP + bars.length * ROW + 30 + (left > 0 ? ROW : 0);
	const fixed = (value: number) => value.toFixed(1);
	const parts = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
		`<rect width="${width}" height="${height}" fill="#ffffff"/>`,
		`<text x="12" y="24" font-size="15" font-weight="bold">${escapeXml(shortened(title, 110))}</text>`,
	];
	bars.forEach((bar, i) => {
		const y = TOP + i * ROW;
		parts.push(`<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escapeXml(shortened(bar.label, 40))}</text>`);
		if (bar.rate !== null) {
			parts.push(`<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${fixed(x(bar.rate) - LABEL_WIDTH)}" height="${ROW - 10}" fill="${bar.control ? '#9e9e9e' : '#3b6fd8'}"/>`);
		}
		if (bar.low !== null && bar.high !== null) {
			const mid = y + ROW / 2 - 1;
			parts.push(
				`<path d="M${fixed(x(bar.low))} ${mid}H${fixed(x(bar.high))}M${fixed(x(bar.low))} ${mid - 5}V${mid + 5}M${fixed(x(bar.high))} ${mid - 5}V${mid + 5}" stroke="#202020" stroke-width="1.5" fill="none"/>`,
			);
		}
		parts.push(`<text x="${LABEL_WIDTH + PLOT_WIDTH + 8}" y="${y + 15}">${escapeXml(shortened(bar.note, 34))}</text>`);
	});
	const axis = TOP + bars.length * ROW + 4;
	parts.push(`<path d="M${LABEL_WIDTH} ${axis}H${LABEL_WIDTH + PLOT_WIDTH}" stroke="#606060"/>`);
	for (const tick of [0, 0.5, 1]) {
		parts.push(`<text x="${fixed(x(tick * top))}" y="${axis + 16}" text-anchor="middle">${escapeXml(`${+(tick * top * 100).toPrecision(3)}%`)}</text>`);
	}
	if (left > 0) parts.push(`<text x="12" y="${axis + 16 + ROW}">${left} more ${left === 1 ? 'copy' : 'copies'} not drawn (the first ${bars.length} are): every copy is in the items</text>`);
	parts.push('</svg>');
	return parts.join('\n');
}
