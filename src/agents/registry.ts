/** The agent adapters Switchboard has so far, by agent id. */
import type { AgentId } from '../providers/agentCatalog';
import type { AgentAdapter } from './agentAdapter';
import { claudeCode } from './adapters/claudeCode';
import { cline } from './adapters/cline';
import { codex } from './adapters/codex';
import { continueAgent } from './adapters/continue';
import { geminiCli } from './adapters/geminiCli';
import { kilo } from './adapters/kilo';
import { openClaw } from './adapters/openClaw';
import { openCode } from './adapters/openCode';
import { qwenCode } from './adapters/qwenCode';
import { roo } from './adapters/roo';

const adapters: Partial<Record<AgentId, AgentAdapter>> = {
  'claude-code': claudeCode,
  codex,
  continue: continueAgent,
  'gemini-cli': geminiCli,
  opencode: openCode,
  openclaw: openClaw,
  kilo,
  cline,
  roo,
  'qwen-code': qwenCode,
};

export function adapterFor(agent: AgentId): AgentAdapter | undefined {
  return adapters[agent];
}
