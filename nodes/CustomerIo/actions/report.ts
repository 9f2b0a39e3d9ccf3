/** Where an item stands once the node has tried to send it. */
export type ItemState = 'accepted' | 'not accepted' | 'unknown';

/** At most this many ranges per list: the description stays readable for 10,000 items. */
const MAX_RANGES = 40;

/** [0, 1, 2, 5, 7, 8] → "0–2, 5, 7–8". */
function ranges(indexes: number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < indexes.length; ) {
		let end = i;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		parts.push(end === i ? String(indexes[i]) : `${indexes[i]}–${indexes[end]}`);
		i = end + 1;
	}
	const shown = parts.slice(0, MAX_RANGES).join(', ');
	return parts.length > MAX_RANGES ? `${shown} and ${parts.length - MAX_RANGES} more ranges` : shown;
}

/**
 * Which items Customer.io has, for the error that stops the node: "On Error: Stop" otherwise
 * hides that other items were sent (e.g. emails 1, 3, 4 went out, 2 failed).
 */
export function deliveryReport(states: ItemState[], errorItem: number): string {
	const of = (state: ItemState) => states.flatMap((s, index) => (s === state ? [index] : []));
	const accepted = of('accepted');
	const rejected = of('not accepted');
	const unknown = of('unknown');
	const sentences = [
		accepted.length > 0 ? `Customer.io accepted items ${ranges(accepted)}.` : 'Customer.io accepted none of the items.',
	];
	if (rejected.length > 0) sentences.push(`Not accepted: items ${ranges(rejected)}.`);
	if (unknown.length > 0) sentences.push(`Outcome unknown (Customer.io may have applied them): items ${ranges(unknown)}.`);
	sentences.push(
		`This error is from item ${errorItem}; items are numbered from 0. Retry On Fail, or retrying the execution, does not send the accepted items again.`,
	);
	return sentences.join(' ');
}
