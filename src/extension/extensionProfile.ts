/**
 * Sets an agent extension's provider profile through the API it exports (Zoo Code and Roo
 * Code, see adapters/roo.ts). Before the first change it remembers, per extension, which
 * profile was active and whether a profile of Switchboard's name already existed, so revert
 * can re-activate the user's profile and remove ours. A profile of that name the user had
 * before is left as Switchboard last wrote it: the API never reveals a profile's settings.
 */
import * as vscode from 'vscode';
import * as z from 'zod';
import { keyMask, type ExtensionProfile } from '../agents/agentAdapter';
import type { FileChange } from '../agents/applyPlan';

const backupKey = 'switchboard.profileBackups';

/** Per extension id: the user's state before Switchboard first set its profile there. */
type Backups = Record<string, { name: string; hadProfile: boolean; previousActive?: string }>;

const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function');

/** The part of RooCodeAPI (@roo-code/types, api.ts) that Switchboard calls. */
const profileApiSchema = z.object({
  getProfiles: fn,
  getActiveProfile: fn,
  upsertProfile: fn,
  setActiveProfile: fn,
  deleteProfile: fn,
});

interface ProfileApi {
  getProfiles(): string[];
  getActiveProfile(): string | undefined;
  upsertProfile(name: string, profile: Record<string, unknown>, activate?: boolean): Promise<string | undefined>;
  setActiveProfile(name: string): Promise<string | undefined>;
  deleteProfile(name: string): Promise<void>;
}

const names: Record<string, string> = { 'zoocodeorganization.zoo-code': 'Zoo Code', 'rooveterinaryinc.roo-cline': 'Roo Code' };

/** The extension's name as users know it. */
export function extensionName(id: string): string {
  return names[id.toLowerCase()] ?? vscode.extensions.getExtension(id)?.packageJSON?.displayName ?? id;
}

/** What one apply did, for the log. */
export interface ProfileApplied {
  readonly extensionId: string;
  readonly extensionName: string;
  /** True when the profile did not exist before this apply. */
  readonly created: boolean;
}

export class ExtensionProfileWriter {
  constructor(private readonly memento: vscode.Memento) {}

  /** The first of the ids that is installed (VS Code compares ids case-insensitively). */
  installed(ids: readonly string[]): string | undefined {
    return ids.find((id) => vscode.extensions.getExtension(id));
  }

  /** Upserts and activates the profile with the key in `keyField`; throws with a plain message when it cannot. */
  async apply(profile: ExtensionProfile, key: string | undefined): Promise<ProfileApplied> {
    const extensionId = this.installed(profile.extensionIds);
    if (!extensionId) throw new Error(`${profile.extensionIds.map(extensionName).join(' or ')} is not installed in this VS Code: nothing to configure.`);
    const api = await this.api(extensionId);
    const backups = { ...this.memento.get<Backups>(backupKey, {}) };
    const existed = api.getProfiles().includes(profile.name);
    if (!backups[extensionId]) {
      const previousActive = api.getActiveProfile();
      backups[extensionId] = { name: profile.name, hadProfile: existed, ...(previousActive !== undefined ? { previousActive } : {}) };
      await this.memento.update(backupKey, backups);
    }
    const settings = profile.keyField && key ? { ...profile.settings, [profile.keyField]: key } : { ...profile.settings };
    await api.upsertProfile(profile.name, settings, true);
    return { extensionId, extensionName: extensionName(extensionId), created: !existed };
  }

  /** The name of the profile Switchboard set in one of these extensions (so revert has work to do); undefined when none. */
  changedProfile(ids: readonly string[]): string | undefined {
    const backups = this.memento.get<Backups>(backupKey, {});
    return ids.map((id) => backups[id.toLowerCase()]?.name).find((name) => name !== undefined);
  }

  /** Re-activates the user's profile and removes Switchboard's, in each of these extensions (all when omitted); returns what was done. */
  async revert(ids?: readonly string[]): Promise<string[]> {
    const backups = { ...this.memento.get<Backups>(backupKey, {}) };
    const done: string[] = [];
    for (const [extensionId, original] of Object.entries(backups)) {
      if (ids && !ids.some((id) => id.toLowerCase() === extensionId)) continue;
      // An uninstalled extension took its profiles with it.
      if (vscode.extensions.getExtension(extensionId)) {
        const api = await this.api(extensionId);
        const profiles = api.getProfiles();
        // Activate first: the extension refuses to delete its last profile, and picks its own
        // replacement when the active one goes.
        if (original.previousActive && original.previousActive !== original.name && profiles.includes(original.previousActive)) await api.setActiveProfile(original.previousActive);
        if (!original.hadProfile && profiles.includes(original.name)) await api.deleteProfile(original.name);
        done.push(`${extensionName(extensionId)}: ${original.hadProfile ? 'kept' : 'removed'} the “${original.name}” profile${original.previousActive ? `, “${original.previousActive}” active again` : ''}`);
      }
      delete backups[extensionId];
      await this.memento.update(backupKey, Object.keys(backups).length ? backups : undefined);
    }
    return done;
  }

  private async api(extensionId: string): Promise<ProfileApi> {
    const extension = vscode.extensions.getExtension(extensionId)!;
    const name = extensionName(extensionId);
    let exports: unknown;
    try {
      exports = extension.isActive ? extension.exports : await extension.activate();
    } catch (error) {
      throw new Error(`${name} is installed but did not start: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!profileApiSchema.safeParse(exports).success) throw new Error(`${name} is installed but its API is unavailable: update it, or set the profile in its settings.`);
    return exports as ProfileApi;
  }
}

/**
 * The profile as the preview diff shows it, the key masked. The "before" side is empty: the
 * extension's API names a profile's provider and model, never its settings.
 */
export function previewProfile(label: string, profile: ExtensionProfile): FileChange {
  const settings = profile.keyField ? { ...profile.settings, [profile.keyField]: keyMask } : profile.settings;
  return { file: `${label} profile ${profile.name}.json`, changed: true, before: '', after: `${JSON.stringify(settings, null, 2)}\n` };
}
