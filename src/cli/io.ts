/**
 * What the CLI touches of the process: its output streams, stdin, environment and home. One
 * object, so the whole CLI runs in a test with a fake one, and for real from main.ts.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The whole of stdin; read once, at most once per run. */
  readonly readStdin: () => Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  readonly cwd: string;
}

/** A bad invocation: an unknown flag, a missing argument. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The subcommand whose --help to point at. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** Something the user can fix: a bad file, a missing key, an agent that cannot be configured. Exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

export const exitCodes = { ok: 0, userError: 1, usage: 2 } as const;
