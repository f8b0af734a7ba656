/** The real extension host finds the extension and activates it. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'switchboard.switchboard';

describe('smoke (extension host)', () => {
  it('runs with the test environment the harness promised', () => {
    assert.equal(process.env.SWITCHBOARD_TEST, '1');
    assert.match(process.env.HOME ?? '', /\.vscode-test\/runs\//, 'HOME must be a temp folder inside the run dir');
  });

  it(`finds ${extensionId} and activates it`, async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not installed in the extension host`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });
});
