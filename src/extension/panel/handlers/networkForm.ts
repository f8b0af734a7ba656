/** The provider form's network fields → the stored network settings, and the CA file check. */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitNoProxy } from '../../../providers/network/noProxy';
import type { NetworkSettings } from '../../../providers/network/settings';
import type { NetworkForm } from '../../../protocol/messages';

/**
 * What the stored `network` would be, before validation; `timeoutError` when the timeout is
 * not a number at all. Empty fields are left out, and the opt-in is stored only when on.
 */
export function networkCandidate(form: NetworkForm | undefined): { network?: Record<string, unknown>; timeoutError?: string } {
  if (!form) return {};
  const out: Record<string, unknown> = {};
  const proxy = form.proxy?.trim();
  if (proxy) out.proxy = proxy;
  const noProxy = splitNoProxy(form.noProxy ?? '');
  if (noProxy.length) out.noProxy = noProxy;
  const ca = form.caBundlePath?.trim();
  if (ca) out.caBundlePath = ca;
  if (form.allowInvalidCertificate) out.allowInvalidCertificate = true;
  const timeout = form.timeout?.trim();
  let timeoutError: string | undefined;
  if (timeout) {
    const seconds = Number(timeout.replace(/\s*s(ec(onds?)?)?$/i, ''));
    if (!Number.isFinite(seconds)) timeoutError = 'Enter the timeout in seconds, such as 60.';
    else out.timeoutMs = Math.round(seconds * 1000);
  }
  return { ...(Object.keys(out).length ? { network: out } : {}), ...(timeoutError ? { timeoutError } : {}) };
}

/** Form error keys: the form shows the timeout in seconds under "network.timeout". */
export function networkErrorKey(key: string): string {
  return key === 'network.timeoutMs' ? 'network.timeout' : key;
}

/** An inline error when the CA file is missing or holds no certificate; read on the host, at save time. */
export async function caFileProblem(network: NetworkSettings | undefined): Promise<string | undefined> {
  const file = network?.caBundlePath;
  if (!file) return undefined;
  const full = file.startsWith('~') ? path.join(os.homedir(), file.slice(1)) : file;
  try {
    const text = await fs.readFile(full, 'utf8');
    return text.includes('-----BEGIN CERTIFICATE-----') ? undefined : 'This file holds no PEM certificate (-----BEGIN CERTIFICATE-----).';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'No file at this path.' : 'This file cannot be read.';
  }
}
