// A real n8n takes seconds to start and a workflow run is bounded by its own timeouts.
jest.setTimeout(180_000);
