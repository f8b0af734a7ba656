/**
 * The coding agents Switchboard can configure. The ids are stored in providers and in
 * per-agent assignments, so they never change once released.
 */
export const agentIds = [
  'claude-code',
  'codex',
  'gemini-cli',
  'openclaw',
  'opencode',
  'cline',
  'continue',
  'kilo',
  'roo',
  'qwen-code',
  'vscode-chat',
] as const;

export type AgentId = (typeof agentIds)[number];

/** Names as users know them; Codeg's list comes first, in its order. */
export const agentLabels: Record<AgentId, string> = {
  'claude-code': 'Claude Code',
  codex: 'Codex CLI',
  'gemini-cli': 'Gemini CLI',
  openclaw: 'OpenClaw',
  opencode: 'OpenCode',
  cline: 'Cline',
  continue: 'Continue',
  kilo: 'Kilo Code',
  roo: 'Zoo/Roo Code',
  'qwen-code': 'Qwen Code',
  'vscode-chat': 'VS Code chat',
};

export function agentLabel(id: AgentId): string {
  return agentLabels[id];
}

export function isAgentId(value: string): value is AgentId {
  return (agentIds as readonly string[]).includes(value);
}
