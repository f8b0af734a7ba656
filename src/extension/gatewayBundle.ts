/**
 * The gateway bundle (dist/gateway.js, see gatewayRuntime.ts: server, translation core,
 * undici), loaded by a plain require on first use; Node caches it after that. The path is
 * relative to dist/core.js, where this is bundled.
 */
export const gatewayBundle = (): typeof import('./gatewayRuntime') => require('./gateway');
