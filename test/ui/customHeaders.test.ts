/**
 * Custom headers in the panel's form, as a user adds them in a real VS Code: a header named
 * like a credential gets a warning under its row (its value is saved in plain text, syncs and
 * goes into agents' files), an ordinary one does not, and Test Connection sends the saved
 * headers to the upstream.
 */
import * as assert from 'node:assert/strict';
import { input, startProviderForm } from '../harness/panelFrame';
import { useWorkbench } from '../harness/uiFixture';
import { startUpstream, type Upstream } from '../upstreams/server';

const key = 'sk-ui-headers-1a2b';

describe('custom headers in the panel (UI)', function () {
  this.timeout(150_000);
  let up: Upstream;
  before(async () => (up = await startUpstream({ protocols: ['openai-chat'], models: ['header-model'], expectedKey: key })));
  after(async () => up?.close());
  const wb = useWorkbench({ label: 'ui-custom-headers', waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });

  it('warns under a header named like a credential, and Test Connection sends the saved headers', async () => {
    const frame = await startProviderForm(wb(), { name: 'Header Lab', baseUrl: `${up.url}/v1`, key });
    await frame.getByTestId('advanced-toggle').click();

    await frame.getByTestId('header-add').click();
    await input(frame, 'header-name-0').fill('X-Team');
    await input(frame, 'header-value-0').fill('blue');
    await frame.getByTestId('header-add').click();
    await input(frame, 'header-name-1').fill('X-Api-Key');
    await frame.getByTestId('header-warning-1').filter({ hasText: '“X-Api-Key” looks like a credential' }).waitFor();
    assert.equal(await frame.getByTestId('header-warning-0').count(), 0, 'an ordinary header gets no warning');
    await wb().screenshot('panel-header-credential-warning');
    await frame.getByTestId('header-remove-1').click();
    await frame.getByTestId('header-warning-1').waitFor({ state: 'detached' });

    await frame.getByTestId('save').click();
    await frame.getByTestId('provider-row-header-lab').waitFor();
    await frame.getByTestId('edit-provider-header-lab').click();
    await frame.getByTestId('test-connection').click();
    await frame.getByTestId('message').filter({ hasText: 'is reachable' }).waitFor({ timeout: 30_000 });
    const call = await up.waitFor((r) => r.apiKey === key, 5000);
    assert.equal(call.headers['x-team'], 'blue', 'the saved header went with the test');
    assert.equal(call.headers['x-api-key'], undefined, 'the removed one did not');
    await frame.getByTestId('cancel').click();
  });
});
