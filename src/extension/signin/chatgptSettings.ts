/**
 * The ChatGPT sign-in settings. Both are application-scoped in package.json, so a workspace
 * cannot point sign-in at a server of its choosing.
 */
import * as vscode from 'vscode';

/** Codex CLI's own issuer and public client id (codex-rs login: auth.openai.com, app_EMoamEEZ73f0CkXaXp7hrann). */
export const defaultIssuer = 'https://auth.openai.com';
export const defaultClientId = 'app_EMoamEEZ73f0CkXaXp7hrann';
/** What Codex CLI asks for; offline_access brings the refresh token. */
export const chatgptScope = 'openid profile email offline_access';

export interface ChatGptSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
}

export function readChatGptSettings(): ChatGptSettings {
  const config = vscode.workspace.getConfiguration('switchboard.chatgpt');
  const issuer = config.get<string>('issuer')?.trim() || defaultIssuer;
  const clientId = config.get<string>('clientId')?.trim() || defaultClientId;
  return { issuer, clientId, scope: chatgptScope };
}
