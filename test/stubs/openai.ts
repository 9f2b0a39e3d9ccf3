import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';

/**
 * A local OpenAI-compatible chat-completions server, so n8n's real "OpenAI Chat Model" node can
 * run in tests without any real model: point the OpenAI credential's Base URL at `url`.
 * By default it answers the copy it was given, personalized a little, as the JSON it was asked for.
 */
export interface ChatRequest {
	model: string;
	messages: Array<{ role: string; content: string }>;
}

export class OpenAiStub {
	readonly requests: ChatRequest[] = [];
	/** Milliseconds before answering; Infinity never answers (a hung model). */
	delayMs = 0;
	reply: (request: ChatRequest) => string = personalizeCopy;
	private server?: Server;
	private baseUrl = '';

	async start(port = 0): Promise<string> {
		this.server = createServer((req, res) => void this.handle(req).then(({ status, body }) => {
			if (res.destroyed) return;
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		}));
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
		return this.baseUrl;
	}

	get url(): string {
		return this.baseUrl;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise((resolve) => this.server?.close(resolve));
	}

	private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		if (req.method === 'GET' && req.url?.endsWith('/models')) return { status: 200, body: { object: 'list', data: [{ id: 'stub-model', object: 'model' }] } };
		if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return { status: 404, body: { error: { message: 'not found' } } };
		const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
		this.requests.push(request);
		if (this.delayMs === Infinity) await new Promise(() => undefined);
		if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
		return {
			status: 200,
			body: {
				id: `chatcmpl-${this.requests.length}`,
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model: request.model,
				choices: [{ index: 0, message: { role: 'assistant', content: this.reply(request) }, finish_reason: 'stop' }],
				usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 },
			},
		};
	}
}

/** Echoes the copy from the prompt with a personal touch on the subject. */
export function personalizeCopy(request: ChatRequest): string {
	const user = request.messages.find((m) => m.role === 'user');
	const { copy } = JSON.parse(user?.content ?? '{}') as { copy: Record<string, string> };
	return JSON.stringify({ ...copy, subject: `✨ ${copy.subject}` });
}
