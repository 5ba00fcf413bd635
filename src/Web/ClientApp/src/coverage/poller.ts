/** How often a coverage figure is read again: it changes as patrols walk, not with every push. */
export const coverageRefreshMs = 60_000;

/**
 * Reads something now and then every `everyMs` while started; refresh() reads at once and
 * restarts the period. A read still running when another starts is aborted, so an old answer
 * never overwrites a newer one, and stop() leaves no timer or request behind.
 */
export class Poller<T> {
  private timer: ReturnType<typeof setInterval> | null = null;
  private inFlight: AbortController | null = null;

  constructor(
    private readonly load: (signal: AbortSignal) => Promise<T>,
    private readonly settle: (outcome: { value: T } | { error: unknown }) => void,
    private readonly everyMs: number = coverageRefreshMs,
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  /** Starts reading (at once, then periodically); a poller already running is left as it is. */
  start(): void {
    if (this.timer === null) {
      this.refresh();
    }
  }

  /** Reads at once and (re)starts the period from now. */
  refresh(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
    }
    this.timer = setInterval(() => void this.read(), this.everyMs);
    void this.read();
  }

  stop(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.inFlight?.abort();
    this.inFlight = null;
  }

  private async read(): Promise<void> {
    this.inFlight?.abort();
    const current = new AbortController();
    this.inFlight = current;
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: await this.load(current.signal) };
    } catch (error) {
      outcome = { error };
    }
    if (current.signal.aborted) {
      return;
    }
    this.inFlight = null;
    this.settle(outcome);
  }
}
