/**
 * The words of an import: what the preview lists before anything changes, and the one line
 * said when it is done. Pure, so the wording is tested without VS Code.
 */
import { agentLabel } from '../agentCatalog';
import { effectiveBaseUrl, providerType } from '../providerTypes';
import type { Provider } from '../provider';
import { joinAnd } from '../wording';
import type { ImportPreview } from './importPreview';
import type { ImportOutcome } from './mergeImport';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** "Lab (OpenAI-compatible, http://127.0.0.1:8000/v1): 2 models; for Codex CLI and OpenCode". */
export function describeIncoming(p: Provider): string {
  const url = effectiveBaseUrl(p.type, p.baseUrl);
  const models = p.models.length ? `${count(p.models.length, 'model')} (${p.models.map((m) => m.id).join(', ')})` : 'no models';
  const agents = p.agents.length ? `; for ${joinAnd(p.agents.map(agentLabel))}` : '';
  return `${p.name} (${providerType(p.type).label}${url ? `, ${url}` : ''}): ${models}${agents}`;
}

/** The preview as lines for a modal, grouped: added, conflicting, changed, already here. */
export function previewLines(preview: ImportPreview): string[] {
  const lines: string[] = [];
  if (preview.added.length) lines.push(`Adds ${count(preview.added.length, 'provider')}:`, ...preview.added.map((p) => `  • ${describeIncoming(p)}`));
  if (preview.conflicts.length) {
    lines.push(`Conflicts with ${count(preview.conflicts.length, 'provider')} you have (you choose keep, replace or rename next):`);
    lines.push(...preview.conflicts.map((c) => `  • ${c.current.name} (${c.current.id}): differs in ${c.differences.join('; ')}`));
  }
  if (preview.changes.length) lines.push('Changes:', ...preview.changes.map((c) => `  • ${c.what}: ${c.from ?? 'none'} → ${c.to}`));
  if (preview.unchanged.length) lines.push(`Already here, the same: ${preview.unchanged.map((p) => p.name).join(', ')}`);
  return lines;
}

/** "Imported 2 providers (lab, new), replaced claude, kept work." */
export function outcomeSummary(outcome: ImportOutcome): string {
  const parts: string[] = [];
  if (outcome.added.length) parts.push(`added ${count(outcome.added.length, 'provider')} (${outcome.added.join(', ')})`);
  if (outcome.replaced.length) parts.push(`replaced ${outcome.replaced.join(', ')}`);
  if (outcome.renamed.length) parts.push(`imported ${outcome.renamed.map((r) => `${r.from} as ${r.to}`).join(', ')}`);
  if (outcome.kept.length) parts.push(`kept your ${outcome.kept.join(', ')}`);
  if (outcome.applied.length) parts.push(`set ${outcome.applied.join('; ')}`);
  if (outcome.cleared.length) parts.push(`cleared ${outcome.cleared.join(', ')} (no longer a model)`);
  if (!parts.length) return 'Nothing to import: everything in it is already here.';
  const text = parts.join(', ');
  return `Import: ${text}.`;
}
