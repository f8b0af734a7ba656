/**
 * Kilo Code v7 and the Kilo CLI (an OpenCode fork): `$XDG_CONFIG_HOME/kilo/kilo.jsonc`, in the
 * shared OpenCode format (see openCodeStyle.ts). Kilo merges config.json, kilo.json,
 * kilo.jsonc, opencode.json and opencode.jsonc from that folder, later files winning; it
 * creates kilo.jsonc itself, so that is the file we edit. Read at start-up only.
 */
import { agentHome, type AgentEnvironment } from '../agentAdapter';
import { openCodeStyle } from './openCodeStyle';

const configFile = (environment: AgentEnvironment) => `${agentHome(environment, 'XDG_CONFIG_HOME', '.config')}/kilo/kilo.jsonc`;

export const kilo = openCodeStyle({
  id: 'kilo',
  label: 'Kilo Code',
  configFile,
  pickup: 'restart',
  notes: ['Kilo reads its config at start-up: restart the CLI, or reload the Kilo Code extension'],
});
