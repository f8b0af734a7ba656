/**
 * Installs the real, built extension into a code-server extensions folder the way a user's
 * install would lay it out: <extensions-dir>/<publisher>.<name>-<version>, holding the same
 * files the .vsix ships (see .vscodeignore). The bundle must be built first (npm run build).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extensionManifest, repoRoot } from './paths';

/** Top-level entries the .vsix ships; missing optional ones are skipped. */
const shipped = ['package.json', 'dist', 'media', 'README.md', 'LICENSE', 'CHANGELOG.md'];

export function installExtensionInto(extensionsDir: string): string {
  const manifest = extensionManifest();
  const bundle = path.join(repoRoot, 'dist', 'extension.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} missing: run npm run build first`);
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.rmSync(target, { recursive: true, force: true });
  for (const entry of shipped) {
    const from = path.join(repoRoot, entry);
    if (!fs.existsSync(from)) continue;
    // Source maps stay out, as in the .vsix: the UI tier runs what users run.
    fs.cpSync(from, path.join(target, entry), { recursive: true, filter: (src) => !src.endsWith('.map') });
  }
  return target;
}

/** Package name of the empty peer extension (see installEmptyPeerInto). */
export const emptyPeerName = 'switchboard-bench-empty-peer';

/**
 * Installs a near-empty peer extension that activates on the same event as Switchboard and
 * contributes one command, "Bench Peer: Open Webview", which opens a webview showing one
 * line of text. Measured in the same workbench, it shows the floor VS Code itself adds to
 * activation and to opening a webview, so the benchmark can report ratios against it.
 */
export function installEmptyPeerInto(extensionsDir: string): void {
  const target = path.join(extensionsDir, `switchboard-bench.${emptyPeerName}-0.0.1`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const manifest = {
    name: emptyPeerName,
    publisher: 'switchboard-bench',
    version: '0.0.1',
    engines: { vscode: '^1.104.0' },
    main: './extension.js',
    activationEvents: ['onStartupFinished'],
    extensionKind: ['workspace'],
    contributes: { commands: [{ command: 'benchPeer.openWebview', title: 'Open Webview', category: 'Bench Peer' }] },
  };
  const code = `"use strict";
exports.activate = function (context) {
  // Required lazily, so the peer's activation costs what an empty extension's does.
  context.subscriptions.push(require('vscode').commands.registerCommand('benchPeer.openWebview', function () {
    const vscode = require('vscode');
    const panel = vscode.window.createWebviewPanel('benchPeer', 'Peer', vscode.ViewColumn.Active, { enableScripts: true });
    panel.webview.html = '<!DOCTYPE html><html><body><p data-testid="peer-ready">peer</p></body></html>';
  }));
};
exports.deactivate = function () {};
`;
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(target, 'extension.js'), code);
}

/**
 * Stands in for the Claude Code extension (anthropic.claude-code), which cannot be downloaded
 * here: the same id and the two settings Switchboard writes, with the published schema, and
 * no code. VS Code only accepts writes to registered settings, so this is what makes a real
 * ConfigurationTarget.Global update of them possible in the test host.
 */
export function installClaudeCodeStandInInto(extensionsDir: string): void {
  const target = path.join(extensionsDir, 'anthropic.claude-code-0.0.0-standin');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const manifest = {
    name: 'claude-code',
    publisher: 'anthropic',
    displayName: 'Claude Code (test stand-in)',
    version: '0.0.0',
    engines: { vscode: '^1.104.0' },
    contributes: {
      configuration: {
        title: 'Claude Code',
        properties: {
          'claudeCode.environmentVariables': {
            type: 'array',
            default: [],
            items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } }, required: ['name', 'value'] },
            description: 'Environment variables to set when launching Claude.',
          },
          'claudeCode.disableLoginPrompt': { type: 'boolean', default: false, description: 'Do not prompt for login (the environment provides authentication).' },
        },
      },
    },
  };
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
}

/**
 * Stands in for Zoo Code (ZooCodeOrganization.zoo-code), which cannot be downloaded here: the
 * same id, and as its `exports` the profile part of RooCodeAPI (@roo-code/types, api.ts) over
 * an in-memory store that starts, as the real one does, with a "default" profile. The real
 * extension keeps these profiles in SecretStorage; this one keeps them, and a record of every
 * call, in memory, where the test reads them through `getExtension(...).exports`. Like the
 * real API, it refuses to create a profile that exists, to touch one that does not, and to
 * delete the last one; deleting the active profile activates another.
 */
export function installZooCodeStandInInto(extensionsDir: string): void {
  const target = path.join(extensionsDir, 'zoocodeorganization.zoo-code-0.0.0-standin');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const manifest = {
    name: 'zoo-code',
    publisher: 'ZooCodeOrganization',
    displayName: 'Zoo Code (test stand-in)',
    version: '0.0.0',
    engines: { vscode: '^1.104.0' },
    main: './extension.js',
    // None: Switchboard must activate it, as it would a real Zoo Code that has not started yet.
    activationEvents: [],
    extensionKind: ['workspace'],
  };
  const code = `"use strict";
const profiles = new Map([["default", { apiProvider: "anthropic" }]]);
let active = "default";
/** Every API call, in order: { method, args } (args as passed, key included: memory only). */
const calls = [];
const ids = new Map([["default", "id-default"]]);
let nextId = 1;
function need(name) {
  if (!profiles.has(name)) throw new Error('Profile with name "' + name + '" does not exist');
}
function save(name, profile, activate) {
  if (!ids.has(name)) ids.set(name, "id-" + nextId++);
  profiles.set(name, { ...profile });
  if (activate !== false) active = name;
  return ids.get(name);
}
const api = {
  calls,
  /** Test only: a copy of every profile's settings. */
  snapshot() { return { active, profiles: Object.fromEntries([...profiles].map(([n, p]) => [n, { ...p }])) }; },
  isReady() { return true; },
  getProfiles() { calls.push({ method: "getProfiles", args: [] }); return [...profiles.keys()]; },
  getProfileEntry(name) {
    calls.push({ method: "getProfileEntry", args: [name] });
    const p = profiles.get(name);
    return p && { id: ids.get(name), name, apiProvider: p.apiProvider, modelId: p.apiModelId || p.openAiModelId };
  },
  async createProfile(name, profile, activate) {
    calls.push({ method: "createProfile", args: [name, profile, activate] });
    if (profiles.has(name)) throw new Error('Profile with name "' + name + '" already exists');
    return save(name, profile || {}, activate);
  },
  async updateProfile(name, profile, activate) {
    calls.push({ method: "updateProfile", args: [name, profile, activate] });
    need(name);
    return save(name, profile, activate);
  },
  async upsertProfile(name, profile, activate) {
    calls.push({ method: "upsertProfile", args: [name, profile, activate] });
    return save(name, profile, activate);
  },
  async deleteProfile(name) {
    calls.push({ method: "deleteProfile", args: [name] });
    need(name);
    if (profiles.size === 1) throw new Error("Cannot delete the last remaining configuration");
    profiles.delete(name);
    if (active === name) active = profiles.keys().next().value;
  },
  getActiveProfile() { calls.push({ method: "getActiveProfile", args: [] }); return active; },
  async setActiveProfile(name) {
    calls.push({ method: "setActiveProfile", args: [name] });
    need(name);
    active = name;
    return active;
  },
};
exports.activate = function () { return api; };
exports.deactivate = function () {};
`;
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(target, 'extension.js'), code);
}
