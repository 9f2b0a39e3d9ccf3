/** Runs `fn` over `list` with at most `limit` calls in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(
	list: readonly T[],
	limit: number,
	fn: (value: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(list.length);
	let next = 0;
	const worker = async () => {
		while (next < list.length) {
			const index = next++;
			results[index] = await fn(list[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, list.length)) }, worker));
	return results;
}
