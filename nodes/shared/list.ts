/**
 * A list parameter: an array from an expression, or text with commas or new lines between
 * entries; entries trimmed, empty ones dropped. Entries other than text and numbers stay as they
 * are, for the caller's schema to refuse: turned into text, an object would become the ID
 * "[object Object]" and null "null". Reading stops one entry past `max`: enough for a count check
 * to refuse the list, so a list of 100,000 is read only that far.
 */
export function listEntries(value: unknown, max = Infinity): unknown[] {
	const list: unknown[] = [];
	const full = () => list.length > max;
	const add = (entry: unknown) => {
		const normalized = typeof entry === 'string' ? entry.trim() : typeof entry === 'number' && Number.isFinite(entry) ? String(entry) : entry;
		if (normalized !== '') list.push(normalized);
	};
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length && !full(); i++) add(value[i]);
		return list;
	}
	const text = String(value ?? '');
	for (let start = 0; start <= text.length && !full(); ) {
		let end = start;
		while (end < text.length && text[end] !== ',' && text[end] !== '\n') end++;
		add(text.slice(start, end));
		start = end + 1;
	}
	return list;
}
