/**
 * The switchboard.team.* settings. They are machine-scoped: an administrator provisions them
 * in a machine's (or a remote workspace image's) settings, a developer may set them in user
 * settings, and a workspace folder never can, since the team file decides where tokens go.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { ttlMinutesOf } from '../../providers/catalog/cachePolicy';
import { networkSchema, type NetworkSettings } from '../../providers/network/settings';
import { parseTeamSource, personalProvidersAllowed, type TeamSource } from '../../providers/team/teamSource';
import { formatPath } from '../../providers/team/teamPaths';

export interface TeamSettings {
  readonly source: TeamSource;
  readonly allowPersonalProviders: boolean;
  /** How long a downloaded team file counts as fresh; at least a minute between downloads. */
  readonly ttlMinutes: number;
  /** Proxy, CA file and timeout for downloading the team file; an error when the setting is malformed. */
  readonly network: { readonly ok: true; readonly value?: NetworkSettings } | { readonly ok: false; readonly message: string };
}

export const teamSection = 'switchboard.team';

export function readTeamSettings(): TeamSettings {
  const config = vscode.workspace.getConfiguration(teamSection);
  const source = parseTeamSource(config.get<unknown>('source'), os.homedir());
  const rawNetwork = config.get<unknown>('network');
  const parsed = rawNetwork === undefined || rawNetwork === null ? undefined : networkSchema.safeParse(rawNetwork);
  const issue = parsed && !parsed.success ? parsed.error.issues[0] : undefined;
  return {
    source,
    allowPersonalProviders: personalProvidersAllowed(config.get<unknown>('allowPersonalProviders'), source),
    ttlMinutes: Math.max(1, ttlMinutesOf(config.get<unknown>('ttlMinutes'))),
    network: issue ? { ok: false, message: `${teamSection}.${formatPath(['network', ...issue.path])}: ${issue.message}` } : { ok: true, ...(parsed?.success ? { value: parsed.data } : {}) },
  };
}
