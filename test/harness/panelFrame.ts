/** Reaching into the settings panel's webview from a UI test. */
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** The panel's content frame (VS Code nests the webview in two iframes). */
export function panel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** A text field's inner input, where a user types. */
export function input(frame: FrameLocator, testId: string): Locator {
  return frame.getByTestId(testId).locator('input');
}

/** Opens a dropdown and picks the option with exactly this visible text. */
export async function choose(frame: FrameLocator, testId: string, option: string): Promise<void> {
  await frame.getByTestId(testId).click();
  await frame.getByTestId(testId).getByRole('option', { name: option, exact: true }).click();
}

/**
 * From an empty workbench: runs Manage Providers, opens Add provider, and fills the name, base
 * URL and key of an OpenAI provider (the form's default type). Returns the panel's frame, with
 * the form open and not yet saved.
 */
export async function startProviderForm(wb: { page: Page; runCommand(title: string): Promise<void> }, values: { name: string; baseUrl: string; key: string }): Promise<FrameLocator> {
  await wb.runCommand('Switchboard: Manage Providers');
  const frame = panel(wb.page);
  await frame.getByTestId('providers-empty').waitFor({ timeout: 30_000 });
  await frame.getByTestId('provider-add').click();
  await frame.getByTestId('provider-form').waitFor();
  await input(frame, 'field-name').fill(values.name);
  await input(frame, 'field-baseUrl').fill(values.baseUrl);
  await frame.getByTestId('field-key').locator('input').fill(values.key);
  return frame;
}
