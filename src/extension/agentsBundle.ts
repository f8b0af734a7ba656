/**
 * The agents bundle (dist/agents.js, see agentRuntime.ts), loaded by a plain require on first
 * use; Node caches it after that. The path is relative to dist/core.js, where this is bundled.
 */
export const agentsBundle = (): typeof import('./agentRuntime') => require('./agents');
