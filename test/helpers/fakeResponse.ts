/** A stand-in for the Express response a webhook node answers through: records status and JSON body. */
export function fakeResponse() {
	const answer: { status?: number; body?: unknown } = {};
	const response = {
		status(code: number) {
			answer.status = code;
			return response;
		},
		json(value: unknown) {
			answer.body = value;
			return response;
		},
	};
	return { answer, response };
}
