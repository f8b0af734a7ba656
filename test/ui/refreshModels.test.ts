/**
 * Refresh Models from the settings panel, as a user would: the provider row's button lists
 * what a loopback OpenAI-compatible double serves (with the key, over GET /v1/models), the
 * user picks in VS Code's own list, and the models appear in the panel.
 */
import * as assert from 'node:assert/strict';
import { panel } from '../harness/panelFrame';
import { quickInput } from '../harness/quickInput';
import { useWorkbench } from '../harness/uiFixture';
import { notification } from '../harness/workbench';
import { startUpstream, type Upstream } from '../upstreams/server';

const key = 'sk-ui-refresh-LEAKCHECK-41c9';

describe('Refresh Models from the panel (UI)', function () {
  this.timeout(150_000);
  let up: Upstream;
  before(async () => (up = await startUpstream({ protocols: ['openai-chat'], models: ['lab-coder-32b', 'lab-mini'] })));
  after(async () => up?.close());
  const wb = useWorkbench({ label: 'ui-refresh', waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });

  it('lists the served models with the key, and adds the ones picked', async () => {
    const { page } = wb();
    await wb().runCommand('Switchboard: Add Provider');
    for (const [step, text] of [['1/5', 'OpenAI-compatible'], ['2/5', 'Lab'], ['3/5', `${up.url}/v1`], ['4/5', key]]) {
      await quickInput.waitOpen(page, { title: `(${step})` });
      await quickInput.type(page, text);
      await quickInput.enter(page);
    }
    await quickInput.waitOpen(page, { title: '(5/5)' });
    await quickInput.enter(page);
    await notification(page, 'Added provider “Lab”');

    await wb().runCommand('Switchboard: Manage Providers');
    const frame = panel(page);
    await frame.getByTestId('refresh-models-lab').click();
    await quickInput.waitOpen(page, { title: 'Add models to “Lab”' });
    assert.deepEqual((await quickInput.rows(page)).sort(), ['lab-coder-32b', 'lab-mini']);
    await quickInput.toggleRows(page, ['lab-coder-32b']);
    await quickInput.ok(page);
    await frame.getByTestId('provider-row-lab').filter({ hasText: '1 model' }).waitFor();

    const listed = up.requests.filter((r) => r.method === 'GET' && r.path === '/v1/models');
    assert.ok(listed.length >= 1, 'the double was asked for its list');
    assert.ok(listed.every((r) => r.apiKey === key), 'with the key');
  });
});
