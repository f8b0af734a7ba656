// Dev harness only: drives the panel against the fake host in headless Chromium, asserts the
// main flows and writes screenshots to /tmp/webview-*.png. Usage: node src/webview/dev/check.mjs
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { buildHarness } from './build.mjs';
import { serve } from './serve.mjs';

await buildHarness();
const server = await serve();
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
const problems = [];
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
page.on('console', (m) => {
  if (m.type() === 'error' && !m.text().includes('404')) problems.push(`console: ${m.text()}`);
  if (m.type() === 'warning') problems.push(`warning: ${m.text()}`);
});

const id = (testId) => page.getByTestId(testId);
const input = (testId) => id(testId).locator('input').first();
const shot = (name) => page.screenshot({ path: `/tmp/webview-${name}.png`, fullPage: true });
const lastSent = (type) => page.evaluate((t) => window.__fake.log.filter((m) => m.type === t).at(-1), type);
async function choose(testId, label) {
  await id(testId).click();
  await id(testId).getByRole('option', { name: label, exact: true }).click();
}
const step = (name) => console.log(`• ${name}`);

await page.goto(base);
await id('provider-row-anthropic').waitFor();
assert.equal((await page.evaluate(() => window.__fake.log[0])).type, 'ready');
await shot('providers-dark');

step('add provider: type first, inline errors, Enter submits');
await id('provider-add').click();
await id('provider-form').waitFor();
await choose('field-type', 'Azure OpenAI');
assert.equal(await input('field-name').inputValue(), 'Azure OpenAI');
assert.equal(await input('field-baseUrl').getAttribute('placeholder'), 'https://<resource>.openai.azure.com/openai');
await input('field-key').fill('sk-secret-123');
await id('save').click();
await id('error-baseUrl').waitFor();
await id('error-apiVersion').waitFor();
assert.equal(await input('field-key').inputValue(), 'sk-secret-123', 'the typed key survives a failed save');
await shot('provider-errors');
const stored = await page.evaluate(() => sessionStorage.getItem('switchboard-dev-ui-state'));
assert.ok(!stored.includes('sk-secret'), 'the key is never persisted');
await input('field-baseUrl').fill('https://me.openai.azure.com/openai');
await input('field-apiVersion').fill('2024-10-21');
await id('agent-toggle-codex').click();
await input('field-apiVersion').press('Enter');
await id('provider-row-azure-openai').waitFor();
const saved = await lastSent('saveProvider');
assert.deepEqual(saved.key, { action: 'set', value: 'sk-secret-123' });
assert.deepEqual(saved.provider.agents, ['codex']);
assert.equal(saved.provider.apiVersion, '2024-10-21');
assert.equal(await id('provider-form').count(), 0);
assert.match(await id('key-state-azure-openai').innerText(), /Key set/);

step('edit: Key set ✓ with Replace/Clear; Escape cancels');
await id('edit-provider-anthropic').click();
await id('key-status').waitFor();
assert.match(await id('key-status').innerText(), /Key set ✓/);
await id('key-replace').click();
await input('field-key').waitFor();
await input('field-key').press('Escape');
assert.equal(await id('provider-form').count(), 0);

step('edit: untouched key sends keep; Clear sends clear');
await id('edit-provider-ollama').click();
await id('provider-form').waitFor();
await input('field-name').press('Enter');
await id('provider-form').waitFor({ state: 'detached' });
assert.deepEqual((await lastSent('saveProvider')).key, { action: 'keep' });
await id('edit-provider-azure-openai').click();
await id('key-clear').click();
await id('key-undo').waitFor();
await id('save').click();
await id('provider-form').waitFor({ state: 'detached' });
assert.deepEqual((await lastSent('saveProvider')).key, { action: 'clear' });
assert.match(await id('key-state-azure-openai').innerText(), /Key needed on this machine/);

step('proxy password: shown only with a user in the proxy URL, sent once, never echoed');
const proxyPassword = 'pw-NEVER-ECHOED-71';
await id('edit-provider-ollama').click();
await id('advanced-toggle').click();
await input('field-network.proxy').fill('http://proxy.corp:3128');
assert.equal(await id('field-network.proxyPassword').count(), 0, 'no user, no password field');
await input('field-network.proxy').fill('http://ann@proxy.corp:3128');
await id('field-network.proxyPassword').waitFor();
assert.equal(await id('field-network.proxyPassword').locator('input').getAttribute('type'), 'password');
assert.equal(await page.getByRole('textbox', { name: 'Proxy password' }).count(), 1, 'the input is named by its label');
await id('test-connection').click();
await id('error-network.proxyPassword').filter({ hasText: 'password of ann' }).waitFor();
assert.equal((await lastSent('testConnection')).proxyPassword.action, 'keep');
await id('field-network.proxyPassword').locator('input').fill('x'.repeat(1025));
await id('save').click();
await id('error-network.proxyPassword').filter({ hasText: 'at most 1024' }).waitFor();
await id('field-network.proxyPassword').locator('input').fill(proxyPassword);
await id('test-connection').click();
await id('message').filter({ hasText: 'Reachable' }).waitFor();
assert.deepEqual((await lastSent('testConnection')).proxyPassword, { action: 'set', value: proxyPassword }, 'the test uses the typed password');
await shot('provider-proxy-password');
assert.ok(!(await page.evaluate(() => sessionStorage.getItem('switchboard-dev-ui-state'))).includes(proxyPassword), 'the password is never persisted');
await id('save').click();
await id('provider-form').waitFor({ state: 'detached' });
assert.deepEqual((await lastSent('saveProvider')).proxyPassword, { action: 'set', value: proxyPassword });
await id('edit-provider-ollama').click();
await id('proxy-password-status').waitFor();
assert.equal(await id('proxy-password-status').innerText(), 'Password set ✓');
assert.ok(!(await page.content()).includes(proxyPassword), 'the DOM never holds the password after save');
await input('field-name').press('Enter');
await id('provider-form').waitFor({ state: 'detached' });
assert.deepEqual((await lastSent('saveProvider')).proxyPassword, { action: 'keep' }, 'untouched, it is kept');
await id('edit-provider-ollama').click();
await id('proxy-password-clear').click();
await id('proxy-password-undo').waitFor();
await id('save').click();
await id('provider-form').waitFor({ state: 'detached' });
assert.deepEqual((await lastSent('saveProvider')).proxyPassword, { action: 'clear' });
await id('edit-provider-ollama').click();
assert.equal(await id('proxy-password-status').count(), 0, 'cleared: the input shows again');
await id('field-network.proxyPassword').waitFor();
await id('cancel').click();

step('conflict and reload');
await id('edit-provider-anthropic').click();
await input('field-name').fill('My Anthropic');
await page.evaluate(() => window.__fake.editElsewhere('anthropic', 'Anthropic (other window)'));
await id('save').click();
await id('conflict').waitFor();
assert.equal(await input('field-name').inputValue(), 'My Anthropic', 'input kept on conflict');
await shot('provider-conflict');
await id('conflict-reload').click();
assert.equal(await input('field-name').inputValue(), 'Anthropic (other window)');
assert.equal(await id('conflict').count(), 0);

step('headers: bad name lands on the headers field');
await id('advanced-toggle').click();
await id('header-add').click();
await input('header-name-0').fill('Bad Header');
await input('header-value-0').fill('x');
await id('save').click();
await id('error-headers').waitFor();
await shot('provider-advanced');
await id('header-remove-0').click();
await id('cancel').click();

step('persisted form survives a reload');
await id('provider-add').click();
await input('field-name').fill('Half typed');
await page.waitForTimeout(50);
await page.reload();
await id('provider-form').waitFor();
assert.equal(await input('field-name').inputValue(), 'Half typed');
await id('cancel').click();

step('bedrock: region + sign-in method');
await id('edit-provider-bedrock').click();
assert.equal(await input('field-region').inputValue(), 'eu-west-1');
assert.equal(await input('field-aws.profile').inputValue(), 'work');
assert.equal(await id('field-key').count(), 0, 'profile sign-in has no key field');
await id('field-aws.method').locator('[data-value="accessKey"]').click();
await input('field-aws.accessKeyId').waitFor();
await input('field-key').waitFor();
await shot('provider-bedrock');
await id('cancel').click();

step('delete refused shows the host message');
await id('delete-provider-anthropic').click();
await id('delete-provider-anthropic-confirm').click();
await id('message').waitFor();
assert.match(await id('message').innerText(), /used by Claude Code/);
await shot('provider-delete-refused');

step('models: search, star, generated form');
await id('tab-models').click();
await id('model-row-ollama/qwen2.5-coder:32b').waitFor();
await input('model-search').fill('qwen');
assert.equal(await id('model-row-anthropic/claude-sonnet-4-5').count(), 0);
assert.equal(await id('model-row-ollama/qwen2.5-coder:32b').count(), 1);
await input('model-search').fill('');
assert.equal(await id('star-anthropic/claude-sonnet-4-5').getAttribute('aria-pressed'), 'true');
await id('star-anthropic/claude-opus-4-1').click();
await page.waitForFunction(() => document.querySelector('[data-testid="star-anthropic/claude-opus-4-1"]')?.getAttribute('aria-pressed') === 'true');
assert.equal((await lastSent('setDefaultModel')).ref, 'anthropic/claude-opus-4-1');
await shot('models-dark');
await id('star-openrouter/anthropic/claude-3.7-sonnet:thinking').click();
await page.waitForFunction(() => /not usable/.test(document.querySelector('[data-testid="message"]')?.textContent ?? ''));
assert.equal(await id('star-openrouter/anthropic/claude-3.7-sonnet:thinking').getAttribute('aria-pressed'), 'false');
await id('delete-model-ollama/nomic-embed-text').click();
await id('delete-model-ollama/nomic-embed-text-confirm').click();
await id('model-row-ollama/nomic-embed-text').waitFor({ state: 'detached' });
assert.equal((await lastSent('deleteModel')).ref, 'ollama/nomic-embed-text');

await id('model-add-anthropic').click();
await id('model-form').waitFor();
await input('field-id').fill('claude-haiku-4-5');
await input('field-contextLimit').fill('200000');
await input('field-temperature').fill('0.7');
await id('field-options.effort').locator('[data-value="max"]').click();
await id('save').click();
await id('error-options.effort').waitFor();
await shot('model-errors');
await id('field-options.effort').locator('[data-value=""]').click();
await id('field-options.thinkingBudgetTokens').locator('input').fill('2048');
await input('field-contextLimit').press('Enter');
await id('model-form').waitFor({ state: 'detached' });
const model = (await lastSent('saveModel')).model;
assert.deepEqual(model, { id: 'claude-haiku-4-5', contextLimit: 200000, temperature: 0.7, options: { thinkingBudgetTokens: 2048 } });

step('models: edit keeps the ref split at the first slash; json field validates');
await id('edit-model-openrouter/anthropic/claude-3.7-sonnet:thinking').click();
await id('model-form').waitFor();
assert.equal(await input('field-id').inputValue(), 'anthropic/claude-3.7-sonnet:thinking');
await id('field-options.providerOrder').fill('["anthropic",');
await id('error-options.providerOrder').waitFor();
await shot('model-json-error');
await id('field-options.providerOrder').fill('["anthropic"]');
await id('field-options.reasoningEnabled').locator('[data-value="true"]').click();
await id('save').click();
await id('model-form').waitFor({ state: 'detached' });
const edited = await lastSent('saveModel');
assert.equal(edited.originalId, 'anthropic/claude-3.7-sonnet:thinking');
assert.equal(edited.providerId, 'openrouter');
assert.deepEqual(edited.model.options, { providerOrder: ['anthropic'], reasoningEnabled: true });

step('agents: assign and back to default');
await id('tab-agents').click();
await id('agent-row-claude-code').waitFor();
await choose('agent-model-claude-code', 'qwen2.5-coder:32b · Local Ollama');
await page.waitForTimeout(100);
assert.deepEqual(await lastSent('assignAgent'), { type: 'assignAgent', requestId: (await lastSent('assignAgent')).requestId, agent: 'claude-code', ref: 'ollama/qwen2.5-coder:32b' });
await shot('agents-dark');
await id('agent-model-codex').click();
await id('agent-model-codex').getByRole('option', { name: /^Default \(/ }).click();
await page.waitForTimeout(100);
assert.equal((await lastSent('assignAgent')).ref, null);

step('agents: status cells, buttons enabled only where they can act, revert');
assert.equal(await id('agent-found-claude-code').innerText(), 'CLI, extension, config');
assert.equal(await id('agent-found-gemini-cli').innerText(), 'Not found');
assert.equal(await id('agent-pickup-opencode').innerText(), 'Restart');
assert.match(await id('agent-applied-opencode').innerText(), /Claude Sonnet 4\.5 · Anthropic[\s\S]*terminal variable/);
await id('agent-problem-codex').waitFor();
assert.equal(await id('agent-apply-cline').getAttribute('disabled'), '');
assert.equal(await id('agent-revert-codex').getAttribute('disabled'), '');
assert.equal(await id('agent-apply-codex').getAttribute('aria-label'), 'Apply to Codex CLI');
await id('agent-preview-claude-code').click();
await page.waitForTimeout(100);
assert.equal((await lastSent('previewAgent')).agent, 'claude-code');
await id('agent-revert-opencode').click();
await id('agent-applied-opencode').filter({ hasText: 'Never' }).waitFor();
await id('message').filter({ hasText: 'Restored' }).waitFor();
await shot('agents-actions-dark');
await page.setViewportSize({ width: 640, height: 900 });
await id('agent-revert-claude-code').scrollIntoViewIfNeeded();
await shot('agents-narrow');
const nameLeft = (await id('agent-row-claude-code').locator('th').boundingBox()).x;
assert.ok(nameLeft >= 0, 'the agent name stays in view when the table scrolls sideways');
await page.setViewportSize({ width: 900, height: 900 });

step('themes');
for (const theme of ['light', 'hc']) {
  await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
  await id('tab-providers').click();
  await id('edit-provider-openrouter').click();
  await shot(`provider-form-${theme}`);
  await id('cancel').click();
  await id('tab-models').click();
  await shot(`models-${theme}`);
  await id('tab-agents').click();
  await shot(`agents-${theme}`);
}

await browser.close();
server.close();
if (problems.length) {
  console.log(problems.join('\n'));
  process.exitCode = 1;
}
console.log(problems.length ? 'checks passed, but the page logged problems' : 'all checks passed');
