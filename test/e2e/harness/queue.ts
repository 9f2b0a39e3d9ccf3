import { randomBytes } from 'crypto';
import { N8n } from './n8n';
import { POSTGRES_DATABASE, POSTGRES_USER, startPostgres, startRedis, type Postgres, type Service } from './services';

/**
 * n8n in queue mode on one machine, as a scaled deployment runs it: PostgreSQL, Redis, a main
 * process (editor, API, activation), workers that run executions, and webhook processors that
 * answer production webhooks. Every n8n process has its own user folder with our package
 * installed (as each container of a real deployment would) and the same encryption key.
 */
export interface QueueOptions {
	workers?: number;
	webhookProcessors?: number;
	/** Print every process's output as it comes (npm run start:queue). */
	echo?: boolean;
	/** Fixed ports for the main process and the webhook processors (default: free ports). */
	mainPort?: number;
	webhookPorts?: number[];
	/** More environment for every n8n process (e.g. EXECUTIONS_DATA_SAVE_ON_SUCCESS for load tests). */
	env?: Record<string, string>;
}

/**
 * Where the "reporting events at scale" example records event ids: a row per event, so one
 * INSERT … ON CONFLICT DO NOTHING says atomically whether a delivery is the first.
 */
export const SEEN_EVENTS_TABLE_SQL =
	'CREATE TABLE cio_seen_events (event_id text PRIMARY KEY, event jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())';

/** The examples' store: its own database beside n8n's, with the dedupe table (the closed loop creates its own tables). */
export function createStore(postgres: Postgres, database = 'cio_dedupe'): string {
	postgres.psql(`CREATE DATABASE ${database}`);
	postgres.psql(SEEN_EVENTS_TABLE_SQL, database);
	return database;
}

/** Fields of an n8n "Postgres" credential for a database of that server. */
export function postgresCredential(postgres: Postgres, database: string): Record<string, unknown> {
	return { host: '127.0.0.1', port: postgres.port, database, user: POSTGRES_USER, password: '', ssl: 'disable' };
}

export class QueueCluster {
	private constructor(
		readonly postgres: Postgres,
		readonly redis: Service,
		readonly main: N8n,
		readonly workers: N8n[],
		readonly webhookProcessors: N8n[],
	) {}

	static async start(options: QueueOptions = {}): Promise<QueueCluster> {
		const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		const env = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_USER: POSTGRES_USER,
			DB_POSTGRESDB_DATABASE: POSTGRES_DATABASE,
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			// "Execute workflow" in the editor runs on a worker too, like production executions.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			...options.env,
		};
		const echo = options.echo ?? false;
		const started: N8n[] = [];
		try {
			// The main process first: it creates the database schema the others use.
			const label = (name: string) => (echo ? name : undefined);
			const main = await N8n.start({ env, echo: label('main'), port: options.mainPort });
			started.push(main);
			const workers = Array.from({ length: options.workers ?? 2 }, (_, i) => N8n.start({ env, echo: label(`worker ${i + 1}`), command: 'worker' }));
			const webhooks = Array.from({ length: options.webhookProcessors ?? 2 }, (_, i) =>
				N8n.start({ env, echo: label(`webhook ${i + 1}`), command: 'webhook', port: options.webhookPorts?.[i] }),
			);
			const processes = await Promise.allSettled([...workers, ...webhooks]);
			for (const result of processes) if (result.status === 'fulfilled') started.push(result.value);
			const failed = processes.find((result) => result.status === 'rejected');
			if (failed) throw (failed as PromiseRejectedResult).reason;
			const ready = started.slice(1);
			return new QueueCluster(postgres, redis, main, ready.slice(0, workers.length), ready.slice(workers.length));
		} catch (error) {
			await Promise.all(started.map((n8n) => n8n.stop()));
			await Promise.all([postgres.stop(), redis.stop()]);
			throw error;
		}
	}

	/** Runs SQL in the cluster's PostgreSQL (n8n's own database unless another is named). */
	psql(sql: string, database?: string): string {
		return this.postgres.psql(sql, database);
	}

	/** Creates the dedupe store (its own database beside n8n's, with the cio_seen_events table) and returns its name. */
	createDedupeStore(database = 'cio_dedupe'): string {
		return createStore(this.postgres, database);
	}

	/** Fields of an n8n "Postgres" credential for a database of the cluster's server. */
	postgresCredential(database: string): Record<string, unknown> {
		return postgresCredential(this.postgres, database);
	}

	/** Everything every n8n process printed, labelled (for failure messages). */
	get logs(): string {
		const label = (name: string, n8n: N8n) => `----- ${name} -----\n${n8n.logs.slice(-4000)}`;
		return [
			label('main', this.main),
			...this.workers.map((w, i) => label(`worker ${i + 1}`, w)),
			...this.webhookProcessors.map((w, i) => label(`webhook processor ${i + 1}`, w)),
		].join('\n');
	}

	async stop(): Promise<void> {
		await Promise.all([...this.webhookProcessors, ...this.workers].map((n8n) => n8n.stop()));
		await this.main.stop();
		await Promise.all([this.postgres.stop(), this.redis.stop()]);
	}
}
