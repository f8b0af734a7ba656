/**
 * OpenCode: `$XDG_CONFIG_HOME/opencode/opencode.json` (JSONC), in the shared OpenCode format
 * (see openCodeStyle.ts). Read at start-up only.
 */
import { agentHome, type AgentEnvironment } from '../agentAdapter';
import { openCodeStyle } from './openCodeStyle';

const configFile = (environment: AgentEnvironment) => `${agentHome(environment, 'XDG_CONFIG_HOME', '.config')}/opencode/opencode.json`;

export const openCode = openCodeStyle({
  id: 'opencode',
  label: 'OpenCode',
  configFile,
  pickup: 'restart',
  notes: ['OpenCode reads its config at start-up: restart it'],
});
