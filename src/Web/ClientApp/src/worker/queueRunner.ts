import type { FlushResult, QueueTransport, ReportQueue, SendOutcome } from './reportQueue';

/** Waits between tries while the network is down: 2 s, 4 s, 8 s … up to a minute. */
export function retryDelay(failures: number, base = 2000, ceiling = 60000): number {
  return Math.min(ceiling, base * 2 ** Math.max(0, failures - 1));
}

export interface RunnerOptions {
  /** Called after anything in the queue may have changed, so the page can show it. */
  onChange?: () => void;
  delay?: (failures: number) => number;
  /** The browser's online event, as a subscription (tests pass their own). */
  onOnline?: (listener: () => void) => () => void;
}

const browserOnline = (listener: () => void) => {
  window.addEventListener('online', listener);
  return () => window.removeEventListener('online', listener);
};

/**
 * Sends the queue when it can: at start, when the browser says it is online again, after each
 * new report, and, while sending fails for want of a network, again after a growing delay. One
 * send runs at a time, so a report is never in flight twice from this page.
 */
export class QueueRunner {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private stopped = false;
  private readonly unlisten: () => void;

  constructor(
    private readonly queue: ReportQueue,
    private readonly transport: QueueTransport,
    private readonly options: RunnerOptions = {},
  ) {
    this.unlisten = (options.onOnline ?? browserOnline)(() => void this.flush());
  }

  /** Sends every waiting report now (cancelling a scheduled retry). */
  flush(): Promise<FlushResult> {
    return this.serial(async () => {
      const result = await this.queue.flush(this.transport);
      this.after(result.stopped);
      return result;
    });
  }

  /** Sends one report now, e.g. the one just submitted; the others follow if it went through. */
  send(reportId: string): Promise<SendOutcome> {
    return this.serial(async () => {
      const outcome = await this.queue.send(reportId, this.transport);
      this.after(outcome.kind === 'retry' || outcome.kind === 'unauthorized' ? outcome.kind : null);
      if (outcome.kind === 'sent' && !this.stopped) {
        void this.flush();
      }
      return outcome;
    });
  }

  /** Whether a retry after a failed send is waiting for its time. */
  get retryScheduled(): boolean {
    return this.timer !== null;
  }

  stop(): void {
    this.stopped = true;
    this.unlisten();
    this.cancelRetry();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    this.cancelRetry();
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next.finally(() => this.options.onChange?.());
  }

  private after(stopped: 'retry' | 'unauthorized' | null): void {
    if (stopped === null) {
      this.failures = 0;
      return;
    }
    if (stopped === 'unauthorized' || this.stopped) {
      // Nothing to do until the worker signs in again: the next start of the view sends the queue.
      return;
    }
    this.failures += 1;
    const wait = (this.options.delay ?? retryDelay)(this.failures);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, wait);
  }

  private cancelRetry(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
