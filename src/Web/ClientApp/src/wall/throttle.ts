/**
 * Runs a refresh at most once per gap, however often it is asked for: requests that come while
 * one is waiting or running fold into the next run. At most one timer exists at any moment, and
 * dispose() clears it, so nothing keeps running after the view has gone.
 */
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private requestedWhileRunning = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private disposed = false;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly gapMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  request(): void {
    if (this.disposed || this.timer !== null) {
      return;
    }
    if (this.running) {
      this.requestedWhileRunning = true;
      return;
    }
    const wait = Math.max(0, this.lastStart + this.gapMs - this.now());
    this.timer = setTimeout(() => void this.fire(), wait);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private async fire(): Promise<void> {
    this.timer = null;
    this.running = true;
    this.lastStart = this.now();
    try {
      await this.run();
    } catch {
      // The run reports its own failures; the next request tries again.
    } finally {
      this.running = false;
    }
    if (this.requestedWhileRunning) {
      this.requestedWhileRunning = false;
      this.request();
    }
  }
}
