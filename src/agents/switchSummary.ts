/**
 * The one notification a switch produces, e.g. "Applied to 5 agents · Codex CLI and Gemini
 * CLI pick it up when restarted · Cline: needs your opt-in for plaintext". Pure, so the
 * wording is tested without VS Code.
 */
import { agentLabel, type AgentId } from '../providers/agentCatalog';
import { joinAnd } from '../providers/wording';
import type { Pickup } from './agentAdapter';

export interface SwitchReport {
  readonly applied: { readonly agent: AgentId; readonly pickup: Pickup }[];
  /** Agents that keep keys only in their own files, waiting for the user's opt-in. */
  readonly needsPlaintext: AgentId[];
  /** One sentence per agent that was not changed, naming it and why. */
  readonly problems: string[];
}

export const emptyReport = (): SwitchReport => ({ applied: [], needsPlaintext: [], problems: [] });

export function summarize(report: SwitchReport): string | undefined {
  const { applied, needsPlaintext, problems } = report;
  if (!applied.length && !needsPlaintext.length && !problems.length) return undefined;
  const names = (pickup: Pickup) => applied.filter((a) => a.pickup === pickup).map((a) => agentLabel(a.agent));
  const parts = [`Applied to ${applied.length} agent${applied.length === 1 ? '' : 's'}`];
  const restart = names('restart');
  if (restart.length) parts.push(`${joinAnd(restart)} pick${restart.length === 1 ? 's' : ''} it up when restarted`);
  const newSession = names('new-session');
  if (newSession.length) parts.push(`${joinAnd(newSession)}: in new sessions`);
  if (needsPlaintext.length) parts.push(`${joinAnd(needsPlaintext.map(agentLabel))}: needs your opt-in for plaintext`);
  if (problems.length) parts.push(`${problems.length} not applied (see details)`);
  return parts.join(' · ');
}
