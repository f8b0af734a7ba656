/**
 * The gateway (its server, translators and undici), bundled as dist/gateway.js and loaded the
 * first time an agent or VS Code's chat needs it, so none of it counts against activation.
 */
export { createGateway } from '../gateway/server';
export { joinSharedGateway } from '../gateway/sharedGateway';
export { createUpstreamDecoder, translator } from '../gateway/translate';
export { loadNetwork } from '../providers/connect/transport';
