/** At most one log line per kind of event per interval, so a flood (a web page calling in a loop) cannot fill the log. */
export class LogThrottle {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether to log an event of this kind now; callers pass a few fixed kinds, so the map stays small. */
  due(kind: string): boolean {
    const at = this.now();
    const previous = this.last.get(kind);
    if (previous !== undefined && at - previous < this.intervalMs) return false;
    this.last.set(kind, at);
    return true;
  }
}
