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
