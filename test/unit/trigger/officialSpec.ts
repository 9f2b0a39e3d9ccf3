import { readFileSync } from 'fs';
import { join } from 'path';

/**
 * Customer.io's official OpenAPI, as vendored in test/fixtures/openapi (see its README): the
 * event names the App API accepts, and the (object_type, metric) pairs reporting payloads carry.
 */
const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures/openapi', name), 'utf8'));

export const OFFICIAL_EVENTS: string[] = fixture('reporting-webhook-events.json').events;

interface Schema {
	$ref?: string;
	oneOf?: Schema[];
	allOf?: Schema[];
	properties?: Record<string, { enum: string[] }>;
}

/** What one alternative of the schema allows; a missing key allows anything. */
type Allowed = { object_type?: string[]; metric?: string[] };

const payloads: { root: Schema; schemas: Record<string, Schema> } = fixture('reporting-webhook-payloads.json');

const intersect = (a: string[] | undefined, b: string[] | undefined) => (a && b ? a.filter((x) => b.includes(x)) : a ?? b);

/** The alternatives a schema allows: oneOf adds alternatives, allOf narrows each combination. */
function alternatives(schema: Schema): Allowed[] {
	if (schema.$ref) return alternatives(payloads.schemas[schema.$ref.split('/').pop() as string]);
	if (schema.oneOf) return schema.oneOf.flatMap(alternatives);
	if (schema.allOf) {
		return schema.allOf.reduce<Allowed[]>(
			(combined, part) =>
				combined.flatMap((a) =>
					alternatives(part).map((b) => ({ object_type: intersect(a.object_type, b.object_type), metric: intersect(a.metric, b.metric) })),
				),
			[{}],
		);
	}
	const properties = schema.properties ?? {};
	// The subscription-preferences payload spells its channel property `object_type_type`.
	const objectType = properties.object_type ?? properties.object_type_type;
	return [{ object_type: objectType?.enum, metric: properties.metric?.enum }];
}

/** Every (object_type, metric) pair the payload schema allows, sorted. */
export function payloadPairs(): Array<[string, string]> {
	const pairs = new Set<string>();
	for (const allowed of alternatives(payloads.root)) {
		if (!allowed.object_type || !allowed.metric) throw new Error(`a payload schema without object_type or metric enum: ${JSON.stringify(allowed)}`);
		for (const type of allowed.object_type) for (const metric of allowed.metric) pairs.add(`${type} ${metric}`);
	}
	return [...pairs].sort().map((pair) => pair.split(' ') as [string, string]);
}
