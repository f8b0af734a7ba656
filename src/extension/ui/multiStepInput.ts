/**
 * Multi-step QuickInput flows with a working Back button at every step. Steps keep their
 * answers in a shared state object, so going back shows what the user typed before.
 * Escape at any step ends the flow with nothing saved.
 */
import * as vscode from 'vscode';

/** What QuickPick and InputBox have in common beyond vscode.QuickInput. */
type Widget = vscode.QuickInput & {
  placeholder: string | undefined;
  buttons: readonly vscode.QuickInputButton[];
  readonly onDidTriggerButton: vscode.Event<vscode.QuickInputButton>;
};

class BackSignal {}
class CancelSignal {}

export type Step<S> = (input: MultiStepInput, state: S) => Promise<Step<S> | undefined>;

interface Common {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
  readonly placeholder?: string;
}

export interface PickOptions<T extends vscode.QuickPickItem> extends Common {
  readonly items: readonly T[];
  readonly active?: T;
  readonly matchOnDescription?: boolean;
}

export interface MultiPickOptions<T extends vscode.QuickPickItem> extends Common {
  readonly items: readonly T[];
  readonly selected: readonly T[];
}

export interface InputOptions extends Common {
  readonly value: string;
  readonly prompt: string;
  readonly password?: boolean;
  /** Returns an error message, or undefined when the text is acceptable. */
  readonly validate: (value: string) => string | undefined;
  /** A slower check (a file read), run only on Enter once `validate` passes; its message keeps the step open. */
  readonly check?: (value: string) => Promise<string | undefined>;
}

export class MultiStepInput {
  private current?: vscode.QuickInput;

  /** Runs the flow; resolves true when it reached its end, false on Escape. */
  static async run<S>(first: Step<S>, state: S): Promise<boolean> {
    const input = new MultiStepInput();
    const history: Step<S>[] = [];
    let step: Step<S> | undefined = first;
    try {
      while (step) {
        history.push(step);
        try {
          step = await step(input, state);
        } catch (error) {
          if (!(error instanceof BackSignal)) throw error;
          history.pop();
          step = history.pop() ?? first;
        }
      }
      return true;
    } catch (error) {
      if (error instanceof CancelSignal) return false;
      throw error;
    } finally {
      input.current?.dispose();
    }
  }

  pick<T extends vscode.QuickPickItem>(options: PickOptions<T>): Promise<T> {
    return this.show<T, vscode.QuickPick<T>>(vscode.window.createQuickPick<T>(), options, (qp, resolve) => {
      qp.items = options.items;
      qp.matchOnDescription = options.matchOnDescription ?? true;
      if (options.active) qp.activeItems = [options.active];
      return [qp.onDidAccept(() => qp.selectedItems[0] && resolve(qp.selectedItems[0]))];
    });
  }

  pickMany<T extends vscode.QuickPickItem>(options: MultiPickOptions<T>): Promise<T[]> {
    return this.show<T[], vscode.QuickPick<T>>(vscode.window.createQuickPick<T>(), options, (qp, resolve) => {
      qp.canSelectMany = true;
      qp.items = options.items;
      qp.selectedItems = options.selected;
      return [qp.onDidAccept(() => resolve([...qp.selectedItems]))];
    });
  }

  input(options: InputOptions): Promise<string> {
    return this.show<string, vscode.InputBox>(vscode.window.createInputBox(), options, (box, resolve) => {
      box.value = options.value;
      box.prompt = options.prompt;
      box.password = options.password ?? false;
      // An empty first value is not an error yet: the user has not typed anything.
      if (options.value) box.validationMessage = options.validate(options.value);
      return [
        box.onDidChangeValue((text) => (box.validationMessage = options.validate(text))),
        box.onDidAccept(async () => {
          const value = box.value;
          let message = options.validate(value);
          if (!message && options.check) {
            box.busy = true;
            message = await options.check(value).finally(() => (box.busy = false));
            if (box.value !== value) return; // The user typed on while the check ran.
          }
          box.validationMessage = message;
          if (!message) resolve(value);
        }),
      ];
    });
  }

  private show<R, Q extends Widget>(
    widget: Q,
    options: Common,
    wire: (widget: Q, resolve: (value: R) => void) => vscode.Disposable[],
  ): Promise<R> {
    const disposables: vscode.Disposable[] = [];
    return new Promise<R>((resolve, reject) => {
      widget.title = options.title;
      widget.step = options.step;
      widget.totalSteps = options.totalSteps;
      widget.placeholder = options.placeholder;
      widget.ignoreFocusOut = true;
      widget.buttons = options.step > 1 ? [vscode.QuickInputButtons.Back] : [];
      disposables.push(
        ...wire(widget, resolve),
        widget.onDidTriggerButton((button) => button === vscode.QuickInputButtons.Back && reject(new BackSignal())),
        widget.onDidHide(() => reject(new CancelSignal())),
      );
      // Show the new step before hiding the old one, so the widget does not flicker.
      const previous = this.current;
      this.current = widget;
      widget.show();
      previous?.dispose();
    }).finally(() => disposables.forEach((d) => d.dispose()));
  }
}
