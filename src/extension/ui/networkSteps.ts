/**
 * Edit Provider's "Edit network settings…" branch: one step per setting, validated as the
 * panel's form validates them. A new setting is one more id in `networkStepIds` and one more
 * entry in the record `networkSteps` returns.
 */
import type { NetworkForm } from '../../protocol/messages';
import { caFileProblem } from '../panel/handlers/networkForm';
import { networkFieldProblem, type NetworkTextField } from './networkDraft';
import type { Step } from './multiStepInput';

export const networkStepIds = ['proxy', 'noProxy', 'caBundlePath', 'timeout', 'allowInvalidCertificate'] as const;
export type NetworkStepId = (typeof networkStepIds)[number];

/** What the steps need from the flow they are part of: the draft's network values, the step header and the step after. */
export interface NetworkStepHost<S> {
  network(state: S): NetworkForm;
  header(state: S, id: NetworkStepId): { title: string; step: number; totalSteps: number };
  next(state: S, id: NetworkStepId): Step<S> | undefined;
}

const prompts: Record<NetworkTextField, { prompt: string; placeholder: string }> = {
  proxy: { prompt: 'Proxy URL (http or https, host and port); leave empty to connect directly', placeholder: 'http://proxy.example.com:3128' },
  noProxy: { prompt: 'Hosts reached without the proxy, separated by commas; leave empty for none', placeholder: 'localhost, .corp.example, host:8080, 10.0.0.1' },
  caBundlePath: { prompt: 'A PEM file of extra trusted certificates (an absolute path, or ~/…); leave empty for none', placeholder: '/etc/ssl/corp.pem' },
  timeout: { prompt: 'Timeout of each request, in seconds; leave empty for 30', placeholder: '30' },
};

/** Same words as the form's warning beside the checkbox. */
export const insecureWarning = 'Others on the network could then read this traffic and the key. Prefer a CA file.';

function textStep<S>(host: NetworkStepHost<S>, field: NetworkTextField): Step<S> {
  return async (input, state) => {
    const network = host.network(state);
    network[field] = (
      await input.input({
        ...host.header(state, field),
        ...prompts[field],
        value: network[field] ?? '',
        validate: (v) => networkFieldProblem(field, v),
        // The CA file is read only when the user accepts: the same check the form runs on save.
        ...(field === 'caBundlePath' ? { check: (v: string) => caFileProblem(v.trim() ? { caBundlePath: v.trim() } : undefined) } : {}),
      })
    ).trim();
    return host.next(state, field);
  };
}

export function networkSteps<S>(host: NetworkStepHost<S>): Record<NetworkStepId, Step<S>> {
  return {
    proxy: textStep(host, 'proxy'),
    noProxy: textStep(host, 'noProxy'),
    caBundlePath: textStep(host, 'caBundlePath'),
    timeout: textStep(host, 'timeout'),
    async allowInvalidCertificate(input, state) {
      const network = host.network(state);
      const items = [
        { label: '$(shield) Verify certificates', description: 'recommended', allow: false },
        { label: '$(warning) Allow an invalid certificate', description: 'only for testing', detail: insecureWarning, allow: true },
      ];
      const picked = await input.pick({
        ...host.header(state, 'allowInvalidCertificate'),
        items,
        active: items.find((i) => i.allow === (network.allowInvalidCertificate === true)),
        placeholder: 'Server certificates: verify them, or accept any (a self-signed one, an expired one, another host’s)',
      });
      network.allowInvalidCertificate = picked.allow;
      return host.next(state, 'allowInvalidCertificate');
    },
  };
}
