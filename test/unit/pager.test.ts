import type { IDataObject } from 'n8n-workflow';
import { readPages } from '../../nodes/shared/transport/pager';
import { cioPath } from '../../nodes/shared/transport/paths';
import type { CioRequest } from '../../nodes/shared/transport/types';

/** The transport's pager on its own: cursor paging (`start` ← `next`), `limit`, stopping rules. */
function fakeList(total: number, opts: { loopNext?: boolean } = {}) {
	const asked: IDataObject[] = [];
	const send = async (req: CioRequest) => {
		asked.push({ ...req.qs });
		const offset = req.qs?.start ? Number(req.qs.start) : 0;
		const limit = Number(req.qs?.limit ?? 10);
		const page = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({ n: offset + i }));
		const next = opts.loopNext ? '0' : offset + limit < total ? String(offset + limit) : '';
		return { status: 200, headers: {}, body: { items: page, next } as IDataObject };
	};
	return { asked, send };
}

const request = (paging: CioRequest['paging'], qs?: IDataObject): CioRequest => ({ api: 'app', method: 'GET', path: cioPath('/v1/list'), qs, idempotent: true, paging });

describe('readPages', () => {
	it('follows next until an answer has none, keeping other query parameters', async () => {
		const { asked, send } = fakeList(25);
		const answer = await readPages(send, request({ field: 'items', pageSize: 10 }, { type: 'email' }));
		expect(asked).toEqual([
			{ type: 'email', limit: 10 },
			{ type: 'email', limit: 10, start: '10' },
			{ type: 'email', limit: 10, start: '20' },
		]);
		expect((answer.body.items as IDataObject[]).map((r) => r.n)).toEqual(Array.from({ length: 25 }, (_, i) => i));
		expect(answer.body.pages).toBe(3);
	});

	it('stops at max and asks the last page only for what is missing', async () => {
		const { asked, send } = fakeList(100);
		const answer = await readPages(send, request({ field: 'items', pageSize: 10, max: 15 }));
		expect(asked.map((q) => q.limit)).toEqual([10, 5]);
		expect(answer.body.items).toHaveLength(15);
	});

	it('cuts a list answered whole (no next, no limit sent) to max', async () => {
		const { asked, send } = fakeList(7);
		const answer = await readPages(send, request({ field: 'items', max: 3 }));
		expect(asked).toEqual([{}]);
		expect(answer.body.items).toHaveLength(3);
	});

	it('stops when a server hands back the same next again', async () => {
		const { asked, send } = fakeList(100, { loopNext: true });
		await readPages(send, request({ field: 'items', pageSize: 10 }));
		expect(asked).toHaveLength(2);
	});
});
