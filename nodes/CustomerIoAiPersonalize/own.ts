/**
 * `record[key]` only when the record itself holds the key: a key from a request or a model
 * ("constructor", "__proto__", "toString") never reaches Object.prototype.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
	return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
