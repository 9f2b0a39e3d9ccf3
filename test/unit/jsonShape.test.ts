import { jsonShapeProblem, type JsonShapeLimits } from '../../nodes/shared/jsonShape';

/**
 * The raw-byte shape scan both webhook nodes run before JSON.parse (each words its own 400; the
 * node tests in test/security check those answers). Here: exact counting at and over each limit.
 */
const LIMITS: JsonShapeLimits = { depth: 3, members: 4 };
const scan = (text: string, limits = LIMITS) => jsonShapeProblem(Buffer.from(text), limits);
const DEPTH = { kind: 'depth', limit: 3 };
const MEMBERS = { kind: 'members', limit: 4 };

describe('depth', () => {
	it.each([
		['arrays', '[[[]]]', '[[[[]]]]'],
		['objects', '{"a":{"b":{}}}', '{"a":{"b":{"c":{}}}}'],
		['mixed, with whitespace', ' [ { "a" :\n[\t] } ] ', ' [ { "a" :\n[\t[]] } ] '],
	])('%s: accepts the limit, names the limit one level over it', (_label, atLimit, overLimit) => {
		expect(scan(atLimit)).toBeUndefined();
		expect(scan(overLimit)).toEqual(DEPTH);
	});

	it('counts levels open at once, not containers in all', () => {
		expect(scan('[[[]],[[]],[[]]]', { depth: 3, members: 100 })).toBeUndefined();
	});

	it('names depth when one byte breaks both limits', () => {
		expect(scan('[[', { depth: 1, members: 0 })).toEqual({ kind: 'depth', limit: 1 });
	});
});

describe('members (keys plus array items)', () => {
	it.each([
		['array items', '[1,2,3,4]', '[1,2,3,4,5]'],
		['object keys', '{"a":1,"b":2,"c":3,"d":4}', '{"a":1,"b":2,"c":3,"d":4,"e":5}'],
		['summed over nested containers', '{"a":[1,2],"b":{}}', '{"a":[1,2],"b":{"c":3}}'],
		['with whitespace around commas', '[ 1 ,\n2 ,\t3 , 4 ]', '[ 1 ,\n2 ,\t3 , 4 , 5 ]'],
	])('%s: accepts the limit, names the limit one over it', (_label, atLimit, overLimit) => {
		expect(scan(atLimit)).toBeUndefined();
		expect(scan(overLimit)).toEqual(MEMBERS);
	});

	it('counts no member for empty containers, with or without whitespace inside', () => {
		expect(scan('[[],{},[ ],{\n}]')).toBeUndefined();
		expect(scan('[[],{},[ ],{\n},[]]')).toEqual(MEMBERS);
		expect(scan('{}', { depth: 1, members: 0 })).toBeUndefined();
		expect(scan('[0]', { depth: 1, members: 0 })).toEqual({ kind: 'members', limit: 0 });
	});

	it('counts a scalar body as nothing', () => {
		expect(scan('"text"', { depth: 0, members: 0 })).toBeUndefined();
		expect(scan(' 42 ', { depth: 0, members: 0 })).toBeUndefined();
	});
});

describe('string contents are skipped', () => {
	it.each([
		['brackets and braces', '"[[[[{{{{"'],
		['commas', '",,,,,,"'],
		['escaped quotes', '"\\"[[[[\\",,,,\\""'],
		['escaped backslashes before the closing quote', '"\\\\"'],
		['\\u escapes', '"\\u005b\\u005b\\u005b\\u005b"'],
		['multi-byte characters', JSON.stringify('😀[[[[,,,,é')],
	])('%s, in values and keys', (_label, text) => {
		expect(scan(`[${text}]`)).toBeUndefined();
		expect(scan(`{${text}:${text}}`)).toBeUndefined();
	});

	it('resumes counting after a string ending in an escaped backslash', () => {
		expect(scan('["\\\\",[[[]]]]')).toEqual(DEPTH);
		expect(scan('["\\\\",1,2,3,4]')).toEqual(MEMBERS);
	});

	it('treats an unterminated string as running to the end (the parse that follows refuses it)', () => {
		expect(scan('["[[[[,,,,')).toBeUndefined();
	});
});

it('reads every limit from its arguments', () => {
	const deep = '['.repeat(40) + ']'.repeat(40);
	expect(scan(deep, { depth: 32, members: 10_000 })).toEqual({ kind: 'depth', limit: 32 });
	expect(scan(deep, { depth: 40, members: 10_000 })).toBeUndefined();
	const items = `[${Array(2001).fill(0).join(',')}]`;
	expect(scan(items, { depth: 32, members: 2000 })).toEqual({ kind: 'members', limit: 2000 });
	expect(scan(items, { depth: 32, members: 2001 })).toBeUndefined();
});
