import { grouped } from '../../nodes/shared/limits';
import { listEntries } from '../../nodes/shared/list';
import { idList } from '../../nodes/CustomerIoReportingTrigger/filters';

/**
 * One reader for every list parameter (broadcast recipients, the trigger's filters): users type
 * "12, 13" or one per line, or map an array with an expression.
 */
describe('list parameters', () => {
	it('reads commas, new lines and arrays the same way, trimmed, without empty entries', () => {
		expect(listEntries(' 12, 13 ,\n14\n\n,')).toEqual(['12', '13', '14']);
		expect(listEntries(['12', 13, ' 14 ', ''])).toEqual(['12', '13', '14']);
		expect(listEntries(undefined)).toEqual([]);
		expect(idList('123,\n456')).toEqual(['123', '456']);
	});

	it('keeps entries that are neither text nor numbers for the schema to refuse (no "[object Object]" ids)', () => {
		expect(listEntries([{ id: 1 }, null, Number.NaN])).toEqual([{ id: 1 }, null, Number.NaN]);
	});

	it('stops one entry past the limit, so a count check refuses a huge list without reading all of it', () => {
		expect(listEntries(Array.from({ length: 100_000 }, (_, i) => i), 3)).toEqual(['0', '1', '2', '3']);
		expect(listEntries('a,b,c,d,e,f', 2)).toEqual(['a', 'b', 'c']);
	});
});

describe('grouped numbers in messages', () => {
	it('groups thousands with commas without loading locale data', () => {
		expect([7, 999, 1000, 10_000, 50_000, 25 * 1024 * 1024].map(grouped)).toEqual(['7', '999', '1,000', '10,000', '50,000', '26,214,400']);
	});
});
