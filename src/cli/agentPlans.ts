/**
 * Which agents a CLI run concerns, with which model, and each one's plan: the same planner
 * the extension's switch uses (planAgent), with what a machine without VS Code can offer.
 */
import type { AgentEnvironment, AgentPlan } from '../agents/agentAdapter';
import { adapterFor } from '../agents/registry';
import { planAgent, type KeyOffers } from '../agents/switchPlan';
import { agentIds, agentLabel, type AgentId } from '../providers/agentCatalog';
import { resolveRef, type StoredDocument } from '../providers/document';
import { activeModel, modelForAgent } from '../providers/modelOrder';
import { providerType } from '../providers/providerTypes';
import { isRef, type ModelRef } from '../providers/refs';
import { CliError } from './io';
import type { KeySources } from './keys';

export interface Target {
  readonly agent: AgentId;
  readonly ref: ModelRef;
}

/** The model the run uses: --model, else the file's default, else its first chat model. */
export function pickedRef(doc: StoredDocument, model: string | undefined): ModelRef | undefined {
  if (model === undefined) return undefined;
  const found = isRef(model) ? resolveRef(doc, model) : undefined;
  if (!found) throw new CliError(`--model ${model}: not a model in the file (write it as providerId/modelId).`);
  if (found.model.kind !== 'chat') throw new CliError(`--model ${model}: an embedding model; agents need a chat model.`);
  return model as ModelRef;
}

/**
 * --agent: each named agent gets --model, else its assignment, else the active model.
 * --all: as a pick in VS Code's status bar: agents with an assignment, and the agents the
 * active model's provider lists.
 */
export function targets(doc: StoredDocument, selection: AgentId[] | 'all', model: ModelRef | undefined): Target[] {
  const picked: StoredDocument = model ? { ...doc, lastUsedRef: model } : doc;
  const everyone = () => true;
  if (selection === 'all') {
    const found = agentIds.flatMap((agent) => {
      const ref = modelForAgent(picked, agent, everyone);
      return ref ? [{ agent, ref }] : [];
    });
    if (!found.length) throw new CliError('The file gives no agent a model: list agents in a provider’s "agents", assign one in "assignments", or name them with --agent.');
    return found;
  }
  return [...new Set(selection)].map((agent) => {
    const ref = model ?? doc.assignments[agent] ?? activeModel(doc, everyone)?.ref;
    if (!ref) throw new CliError(`The file has no chat model for ${agentLabel(agent)}: add one, or name it with --model.`);
    return { agent, ref };
  });
}

export type CliOutcome =
  | { readonly agent: AgentId; readonly ref: ModelRef; readonly status: 'planned'; readonly plan: AgentPlan; readonly delivery: string }
  | { readonly agent: AgentId; readonly ref: ModelRef; readonly status: 'refused'; readonly reason: string };

/** One outcome per target: a plan, or why this agent cannot be configured from here. */
export function planTargets(doc: StoredDocument, list: readonly Target[], environment: AgentEnvironment, offers: KeyOffers): CliOutcome[] {
  return list.map(({ agent, ref }): CliOutcome => {
    const label = agentLabel(agent);
    const provider = resolveRef(doc, ref)!.provider;
    if (!adapterFor(agent)) return { agent, ref, status: 'refused', reason: `${label} is configured only inside VS Code.` };
    if (providerType(provider.type).auth === 'oauth') return { agent, ref, status: 'refused', reason: `${label}: “${provider.name}” signs in with ChatGPT inside VS Code; the CLI cannot hand its tokens to agents.` };
    const outcome = planAgent(doc, agent, ref, environment, offers);
    if (outcome.status === 'needs-plaintext') return { agent, ref, status: 'refused', reason: `${label} keeps its key only in its own config file: allow that with --inline-key ${agent}.` };
    if (outcome.status !== 'planned') return { agent, ref, status: 'refused', reason: outcome.reason };
    if (outcome.plan.extensionProfile) return { agent, ref, status: 'refused', reason: `${label} keeps its providers inside VS Code: use Switchboard in VS Code for it.` };
    return { agent, ref, status: 'planned', plan: outcome.plan, delivery: outcome.delivery };
  });
}

/** Agents given --inline-key must accept a key in their file. */
export function checkInline(inline: ReadonlySet<AgentId>): void {
  for (const agent of inline) {
    if (!adapterFor(agent)?.keyDeliveries.includes('plaintext')) throw new CliError(`--inline-key ${agent}: ${agentLabel(agent)} cannot keep a key in its config file; it reads it from a variable (--key-env).`);
  }
}

/** How the key reaches the agent, as one sentence, and the variables it needs where it runs. */
export function keyNote(outcome: Extract<CliOutcome, { status: 'planned' }>, sources: KeySources, providerId: string, env: CliEnv): string[] {
  const { plan, delivery } = outcome;
  const lines: string[] = [];
  if (delivery === 'none') lines.push('no key needed');
  else if (delivery === 'plaintext') lines.push('the key is written in its config file in plain text (mode 0600)');
  else if (plan.keyVariable) {
    const named = sources.env.get(providerId);
    if (named === plan.keyVariable) {
      lines.push(`reads the key from $${named}`);
      if (env[named] === undefined) lines.push(`note: $${named} is not set in this shell; set it where the agent runs`);
    } else {
      lines.push(`reads the key from $${plan.keyVariable}: set it where the agent runs${named ? ` (export ${plan.keyVariable}="$${named}")` : ''}, or use --inline-key ${outcome.agent}`);
    }
  }
  for (const [name, value] of Object.entries(plan.terminalEnv)) lines.push(`also needs ${name}=${value} where it runs`);
  return lines;
}

type CliEnv = Readonly<Record<string, string | undefined>>;
