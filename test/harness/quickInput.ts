/**
 * The QuickInput widget (quick picks, input boxes, multi-step flows) as a user meets it.
 * One widget exists per window: `.quick-input-widget`, an input box, a list of rows
 * (`.monaco-list-row`, whose label is `.label-name`), a title bar with buttons, a message
 * line for validation, and in multi-select a checkbox per row.
 */
import type { Locator, Page } from 'playwright-core';

/** Matches `text` as a whole (trimmed), or applies a caller's RegExp as is. */
export function exactly(text: string | RegExp): RegExp {
  if (text instanceof RegExp) return text;
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

const widgetSelector = '.quick-input-widget';

/** VS Code 1.139 binds workbench.action.quickInputBack on Linux to Ctrl+Alt+- (win: Alt+Left,
 * mac: Ctrl+-), active whenever a quick input is open ('inQuickInput'). */
export const backKey = 'Control+Alt+Minus';

function widget(page: Page): Locator {
  return page.locator(widgetSelector);
}

function input(page: Page): Locator {
  return widget(page).locator('.quick-input-box input');
}

function visibleRows(page: Page): Locator {
  return widget(page).locator('.quick-input-list .monaco-list-row');
}

/** A row's label: the first line's `.label-name` (the detail line has one of its own). */
const rowLabel = '.quick-input-list-rows > .quick-input-list-row:first-child .label-name';

export const quickInput = {
  widget,

  async isOpen(page: Page): Promise<boolean> {
    return widget(page).isVisible();
  },

  /** Waits for the widget; with `title`, for a step whose title contains it (or matches). */
  async waitOpen(page: Page, options: { title?: string | RegExp; timeoutMs?: number } = {}): Promise<void> {
    const timeout = options.timeoutMs ?? 15_000;
    await widget(page).waitFor({ state: 'visible', timeout });
    if (options.title !== undefined) {
      await widget(page).locator('.quick-input-title').filter({ hasText: options.title }).waitFor({ state: 'visible', timeout });
    }
  },

  async waitClosed(page: Page, timeoutMs = 15_000): Promise<void> {
    await widget(page).waitFor({ state: 'hidden', timeout: timeoutMs });
  },

  /** The step title, e.g. "Add Provider (2/4)"; '' when there is none. */
  async title(page: Page): Promise<string> {
    const title = widget(page).locator('.quick-input-title');
    return (await title.isVisible()) ? ((await title.textContent()) ?? '').trim() : '';
  },

  /** The validation or prompt message under the input; '' when hidden. */
  async message(page: Page): Promise<string> {
    const message = widget(page).locator('.quick-input-message');
    return (await message.isVisible()) ? ((await message.textContent()) ?? '').trim() : '';
  },

  /** The current text of the input box. */
  async value(page: Page): Promise<string> {
    return input(page).inputValue();
  },

  /** Types into the input as a user does; by default replaces what is there first. */
  async type(page: Page, text: string, options: { replace?: boolean } = {}): Promise<void> {
    const box = input(page);
    await box.focus();
    if (options.replace !== false) {
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
    }
    await page.keyboard.type(text);
  },

  /** Accepts the step (Enter): the focused row of a pick, the text of an input box, or the
   * checked rows of a multi-select. */
  async enter(page: Page): Promise<void> {
    await input(page).press('Enter');
  },

  async escape(page: Page): Promise<void> {
    await page.keyboard.press('Escape');
    await widget(page).waitFor({ state: 'hidden', timeout: 5_000 });
  },

  /** Goes one step back with the real keybinding of workbench.action.quickInputBack. VS Code
   * only acts on it when the step shows a Back button (QuickInputButtons.Back). */
  async back(page: Page): Promise<void> {
    await input(page).press(backKey);
  },

  /** Clicks a title bar or inline button by its tooltip; a prefix is enough, since VS Code
   * appends the keybinding (the Back button's label is "Back (Ctrl+Alt+-)"). */
  async clickButton(page: Page, tooltip: string): Promise<void> {
    const bar = widget(page).locator('.quick-input-titlebar, .quick-input-inline-action-bar');
    await bar.locator(`[role=button][aria-label^=${JSON.stringify(tooltip)}]`).first().click();
  },

  /** The labels of the rows currently rendered (the list is virtualised: long lists show the
   * first screenful; type to filter). Separator rows are skipped. */
  async rows(page: Page): Promise<string[]> {
    const labels = await visibleRows(page).locator(rowLabel).allTextContents();
    return labels.map((label) => label.trim()).filter((label) => label.length > 0);
  },

  /** The row whose label is exactly `label` (or matches a RegExp). */
  row(page: Page, label: string | RegExp): Locator {
    return visibleRows(page).filter({ has: page.locator(rowLabel, { hasText: exactly(label) }) }).first();
  },

  /** Picks one row of a single-select pick by clicking it (this accepts the step). */
  async selectRow(page: Page, label: string | RegExp): Promise<void> {
    try {
      await quickInput.row(page, label).click();
    } catch (error) {
      // Say which of the two happened: the row never came, or the whole pick went away.
      if (!(await quickInput.isOpen(page))) throw new Error(`the quick input closed before its row ${String(label)} could be picked`, { cause: error });
      throw error;
    }
  },

  /** Flips the checkbox of each row in a multi-select pick; Enter (or OK) accepts afterwards. */
  async toggleRows(page: Page, labels: ReadonlyArray<string | RegExp>): Promise<void> {
    for (const label of labels) {
      await quickInput.row(page, label).locator('.monaco-checkbox, input[type=checkbox]').first().click();
    }
  },

  /** The labels of the checked rows of a multi-select pick. */
  async checkedRows(page: Page): Promise<string[]> {
    const checked = visibleRows(page).filter({ has: page.locator('.monaco-checkbox[aria-checked="true"], input[type=checkbox]:checked') });
    return (await checked.locator(rowLabel).allTextContents()).map((label) => label.trim());
  },

  /** Clicks the OK button of a multi-select pick. */
  async ok(page: Page): Promise<void> {
    await widget(page).locator('.quick-input-action .monaco-button', { hasText: 'OK' }).click();
  },
};
