/**
 * The palette's network settings as typed, checked by the same rules as the panel's form:
 * the form's text → stored conversion (networkCandidate) and the domain's networkSchema, so
 * an InputBox shows the message the form shows beside the same field. No vscode: unit-tested.
 */
import { networkSchema, type NetworkSettings } from '../../providers/network/settings';
import type { NetworkForm } from '../../protocol/messages';
import { networkCandidate, networkErrorKey } from '../panel/handlers/networkForm';

/** The text fields the palette asks for, one InputBox each, in order. */
export type NetworkTextField = 'proxy' | 'noProxy' | 'caBundlePath' | 'timeout';

/** Stored settings → the values as the form shows them (timeout in seconds, hosts joined). */
export function networkFormOf(network: NetworkSettings | undefined): NetworkForm {
  return {
    proxy: network?.proxy ?? '',
    noProxy: (network?.noProxy ?? []).join(', '),
    caBundlePath: network?.caBundlePath ?? '',
    timeout: network?.timeoutMs !== undefined ? String(network.timeoutMs / 1000) : '',
    allowInvalidCertificate: network?.allowInvalidCertificate === true,
  };
}

/** The first problem with one field's text, as the form would show it; undefined when fine (empty is fine: it clears). */
export function networkFieldProblem(field: NetworkTextField, text: string): string | undefined {
  const { network, timeoutError } = networkCandidate({ [field]: text });
  if (timeoutError) return timeoutError;
  const parsed = networkSchema.safeParse(network ?? {});
  if (parsed.success) return undefined;
  return parsed.error.issues.find((i) => networkErrorKey(`network.${i.path.map(String).join('.')}`).startsWith(`network.${field}`))?.message ?? parsed.error.issues[0]?.message;
}

/** The settings to store; undefined when nothing is set (the stored field is then removed). Throws on a value the steps would have refused. */
export function networkFromForm(form: NetworkForm): NetworkSettings | undefined {
  const { network, timeoutError } = networkCandidate(form);
  if (timeoutError) throw new Error(timeoutError);
  return network ? networkSchema.parse(network) : undefined;
}

/** One line for the "Edit network settings…" item: what is set now. */
export function networkSummary(form: NetworkForm): string {
  const { network } = networkCandidate(form);
  if (!network) return 'direct, 30 s timeout, certificates verified';
  const hosts = Array.isArray(network.noProxy) ? network.noProxy.length : 0;
  return [
    network.proxy ? `proxy ${String(network.proxy)}` : 'direct',
    hosts ? `${hosts} no-proxy host${hosts === 1 ? '' : 's'}` : '',
    network.caBundlePath ? 'CA file' : '',
    typeof network.timeoutMs === 'number' ? `${network.timeoutMs / 1000} s timeout` : '',
    network.allowInvalidCertificate ? 'invalid certificates allowed' : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
