/**
 * Dev harness only (never bundled into dist/webview.js): fakes acquireVsCodeApi and a host
 * that keeps a sample state, answers requests, and returns canned fieldErrors and conflicts.
 * window.__fake exposes the log of messages and helpers for the Playwright checks.
 */
import type { ResultMessage, StateMessage, ToHost } from '../../protocol/messages';
import { proxyPasswordAction } from '../../providers/network/proxyPassword';
import { proxyUser } from '../providerValues';
import { sampleState } from './sampleState';

const state: StateMessage = sampleState();
const log: ToHost[] = [];
const keys = new Map<string, string>();
/** Proxy passwords by provider id: only "set" ever reaches the state, as on the real host. */
const proxyPasswords = new Map<string, string>();
const stateKey = 'switchboard-dev-ui-state';

function send(message: unknown) {
  setTimeout(() => window.postMessage(message, '*'), 30);
}

function postState() {
  send(JSON.parse(JSON.stringify(state)));
}

function result(requestId: string, extra: Partial<ResultMessage> = {}): ResultMessage {
  return { type: 'result', requestId, ok: !extra.fieldErrors && !extra.conflict && extra.ok !== false, ...extra };
}

let etagCounter = 100;
const nextEtag = () => `e${++etagCounter}`;

function handle(message: ToHost): ResultMessage | undefined {
  switch (message.type) {
    case 'ready':
      postState();
      return undefined;
    case 'saveProvider': {
      const p = message.provider;
      const fieldErrors: Record<string, string> = {};
      if (!p.name.trim()) fieldErrors.name = 'Enter a name.';
      if (p.baseUrl && !/^https?:\/\//.test(p.baseUrl)) fieldErrors.baseUrl = 'Enter an absolute URL, such as https://api.example.com/v1.';
      const type = state.types.find((t) => t.id === p.type);
      if (type?.baseUrlRequired && !p.baseUrl) fieldErrors.baseUrl = `${type.label} needs a base URL.`;
      if (p.type === 'azure-openai' && !/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(p.apiVersion ?? '')) fieldErrors.apiVersion = 'An api-version looks like 2024-10-21 or 2025-04-01-preview.';
      if (p.type === 'bedrock' && !/^[a-z]{2}-[a-z]+-\d$/.test(p.region ?? '')) fieldErrors.region = 'A region looks like us-east-1.';
      if (p.aws?.method === 'profile' && !p.aws.profile) fieldErrors['aws.profile'] = 'Enter an AWS profile name.';
      if (message.key.action === 'set' && /\s/.test(message.key.value)) fieldErrors.key = 'A key has no spaces or line breaks.';
      for (const name of Object.keys(p.headers ?? {})) if (!/^[A-Za-z0-9-]+$/.test(name)) fieldErrors[`headers.${name}`] = `“${name}” is not a valid header name.`;
      if (message.proxyPassword?.action === 'set' && message.proxyPassword.value.length > 1024) fieldErrors['network.proxyPassword'] = 'A proxy password is one line of at most 1024 characters.';
      if (Object.keys(fieldErrors).length) return result(message.requestId, { fieldErrors, message: 'Some fields need attention.' });
      const existing = message.id ? state.providers.find((x) => x.id === message.id) : undefined;
      if (message.id && !existing) return result(message.requestId, { ok: false, message: 'That provider no longer exists.' });
      if (existing && existing.etag !== message.etag) return result(message.requestId, { conflict: true });
      const id = existing?.id ?? p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      const target = existing ?? { id, name: '', type: '', agents: [], headers: {}, typeFields: {}, keyState: 'missing' as const, models: [], etag: '' };
      if (message.key.action === 'set') keys.set(id, message.key.value);
      if (message.key.action === 'clear') keys.delete(id);
      // A typed key replaces a key command, and Clear removes it (ProviderSecrets.setKey, ProviderSecrets.deleteKey).
      if (message.key.action !== 'keep') {
        delete target.keyFromCommand;
        delete target.keyCommandProblem;
      }
      const proxy = p.network?.proxy?.trim();
      // The store's rule (ProviderSecrets.saveProxyPassword).
      const action = proxyPasswordAction(proxy, message.proxyPassword, existing?.network?.proxy);
      if (action.action === 'clear') proxyPasswords.delete(id);
      else if (action.action === 'set') proxyPasswords.set(id, action.value);
      Object.assign(target, {
        name: p.name, type: p.type, baseUrl: p.baseUrl, agents: p.agents, headers: p.headers ?? {}, etag: nextEtag(),
        typeFields: { ...(p.apiVersion ? { apiVersion: p.apiVersion } : {}), ...(p.region ? { region: p.region } : {}), ...(p.aws ? { aws: p.aws } : {}) },
        keyState: type?.auth === 'oauth' || p.aws?.method === 'profile' ? 'not-needed' : keys.has(id) ? 'set' : type?.auth === 'optionalKey' ? 'optional' : 'missing',
        network: proxy ? { proxy } : undefined,
        proxyPasswordSet: proxyPasswords.has(id) || undefined,
      });
      if (!existing) state.providers.push(target);
      postState();
      return result(message.requestId, existing ? {} : { createdId: id });
    }
    case 'deleteProvider': {
      const p = state.providers.find((x) => x.id === message.id);
      if (!p) return result(message.requestId, { ok: false, message: 'That provider no longer exists.' });
      const users = p.agents.map((a) => state.agents.find((x) => x.id === a)?.label ?? a);
      if (users.length) return result(message.requestId, { ok: false, message: `“${p.name}” is used by ${users.join(' and ')}. Turn them off in the provider first.` });
      state.providers = state.providers.filter((x) => x !== p);
      postState();
      return result(message.requestId);
    }
    case 'saveModel': {
      const p = state.providers.find((x) => x.id === message.providerId);
      if (!p) return result(message.requestId, { ok: false, message: 'That provider no longer exists.' });
      if (message.etag && message.etag !== p.etag) return result(message.requestId, { conflict: true });
      const m = message.model as Record<string, unknown> & { id: string; contextLimit: number };
      const fieldErrors: Record<string, string> = {};
      if (typeof m.contextLimit !== 'number') fieldErrors.contextLimit = 'Enter a whole number of tokens.';
      else if (!Number.isInteger(m.contextLimit)) fieldErrors.contextLimit = 'Enter a whole number of tokens.';
      if (typeof m.temperature === 'number' && m.temperature > 2) fieldErrors.temperature = 'Temperature is 0–2.';
      const options = (m.options ?? {}) as Record<string, unknown>;
      if (options.effort === 'max') fieldErrors['options.effort'] = '"max" is only accepted by the largest models.';
      if (p.models.some((x) => x.id === m.id && x.id !== message.originalId)) fieldErrors.id = `Model "${m.id}" is listed twice.`;
      if (Object.keys(fieldErrors).length) return result(message.requestId, { fieldErrors });
      const model = { kind: 'chat' as const, ...m };
      const at = p.models.findIndex((x) => x.id === message.originalId);
      if (at >= 0) p.models[at] = model;
      else p.models.push(model);
      p.etag = nextEtag();
      postState();
      return result(message.requestId);
    }
    case 'deleteModel': {
      if (message.ref === state.defaultRef) return result(message.requestId, { ok: false, message: 'This is the default model; star another one first.' });
      const slash = message.ref.indexOf('/');
      const p = state.providers.find((x) => x.id === message.ref.slice(0, slash));
      if (p) p.models = p.models.filter((m) => m.id !== message.ref.slice(slash + 1));
      postState();
      return result(message.requestId);
    }
    case 'setDefaultModel':
      if (!state.usableRefs.includes(message.ref)) return result(message.requestId, { ok: false, message: 'That model is not usable yet: its provider has no key.' });
      state.defaultRef = message.ref;
      postState();
      return result(message.requestId);
    case 'assignAgent':
      if (message.ref === null) delete state.assignments[message.agent];
      else state.assignments[message.agent] = message.ref;
      postState();
      return result(message.requestId);
    case 'applyAgentNow':
    case 'previewAgent':
      return result(message.requestId);
    case 'testConnection': {
      // A proxy that wants credentials: 407 unless a password is typed or stored.
      const user = proxyUser(message.provider?.network?.proxy);
      const password = message.proxyPassword?.action === 'set' || (message.proxyPassword?.action !== 'clear' && !!message.id && proxyPasswords.has(message.id));
      if (user && !password) return result(message.requestId, { ok: false, message: `The proxy asks for credentials (HTTP 407). The proxy URL names the user ${user} but no password is set.`, fieldErrors: { 'network.proxyPassword': `The proxy asks for the password of ${user}.` } });
      return result(message.requestId, { message: 'Reachable.' });
    }
    case 'useKeyCommand': {
      // VS Code's input box is not here: the dev host takes a command that works at once.
      const p = state.providers.find((x) => x.id === message.id);
      if (p) Object.assign(p, { keyState: 'set', keyFromCommand: true, keyCommandProblem: undefined });
      if (p) keys.set(p.id, 'from-a-command');
      postState();
      return result(message.requestId);
    }
    case 'revertAgent': {
      const agent = state.agents.find((a) => a.id === message.agent);
      if (agent) Object.assign(agent, { revertible: false, lastApplied: undefined });
      postState();
      return result(message.requestId, { message: `Restored 1 ${agent?.label ?? ''} config file.` });
    }
  }
}

const fake = {
  log,
  state,
  /** Simulates a key command that starts failing (a problem) or works again (undefined), as the host re-posts it. */
  keyCommandFails(id: string, problem: string | undefined) {
    const p = state.providers.find((x) => x.id === id);
    if (!p?.keyFromCommand) return;
    if (problem === undefined) delete p.keyCommandProblem;
    else p.keyCommandProblem = problem;
    postState();
  },
  /** Simulates an edit in another window: the next save with the old etag conflicts. */
  editElsewhere(id: string, name: string) {
    const p = state.providers.find((x) => x.id === id);
    if (!p) return;
    p.name = name;
    p.etag = nextEtag();
    postState();
  },
};
(window as unknown as { __fake: typeof fake }).__fake = fake;

(window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
  postMessage(message: ToHost) {
    log.push(JSON.parse(JSON.stringify(message)));
    const answer = handle(message);
    if (answer) send(answer);
  },
  getState() {
    const saved = sessionStorage.getItem(stateKey);
    return saved ? JSON.parse(saved) : undefined;
  },
  setState(value: unknown) {
    sessionStorage.setItem(stateKey, JSON.stringify(value));
  },
});
