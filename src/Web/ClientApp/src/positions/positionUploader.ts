import { reportOf, worthKeeping, type Fix, type FixFilterOptions, type PositionReport } from './fixes';
import type { TrackStore } from './trackStore';

/** Most fixes one hub message may carry (Positions.MaxFixesPerMessage on the server). */
export const maxFixesPerMessage = 500;

/** How the uploader reaches the server; the app's goes over the live hub, tests give their own. */
export interface PositionTransport {
  /** Sends one batch; resolves once the server has acknowledged (stored) it. */
  send(reports: PositionReport[]): Promise<void>;
  /** Whether sending can be tried now (the hub is connected). */
  connected(): boolean;
}

/**
 * What a failed send means for its batch: `retry` (no connection, the link dropped mid-call, the
 * server could not take it now) keeps it for the next try; `refused` (the server answered and said
 * no: a fix it finds invalid) drops it, or it would block every fix behind it for ever.
 */
export type SendFailure = 'retry' | 'refused';

/** A hub method that threw a HubException answers with its message; a dropped link does not. */
export function classifyHubError(error: unknown): SendFailure {
  const message = error instanceof Error ? error.message : String(error);
  return /HubException/.test(message) && !/\b401\b|Unauthorized/.test(message) ? 'refused' : 'retry';
}

export interface UploaderState {
  /** Fixes on the device not yet acknowledged. */
  waiting: number;
  /** Fixes acknowledged since the page opened. */
  sent: number;
  /** Fixes the server refused (dropped) since the page opened. */
  refused: number;
  lastSentAt: number | null;
}

export interface UploaderOptions {
  /** A batch this size is sent at once … */
  batchFixes?: number;
  /** … and whatever waits is sent at least this often. */
  intervalMs?: number;
  maxPerMessage?: number;
  filter?: FixFilterOptions;
  classify?: (error: unknown) => SendFailure;
  onChange?: (state: UploaderState) => void;
  now?: () => number;
}

export interface FlushResult {
  sent: number;
  refused: number;
  /** Why sending stopped with fixes still waiting, if it did. */
  stopped: 'retry' | 'disconnected' | null;
}

/**
 * Sends a device's positions in batches. Every fix kept is first written to the device's track
 * (so nothing depends on the link being up), then sent from there, oldest first, in messages of at
 * most 500: when 20 wait, every 5 s, and when the link comes back. A batch leaves the track only
 * when the server acknowledged it; the server keeps one fix per person and instant, so a batch
 * whose answer was lost may be sent again safely. One flush runs at a time.
 */
export class PositionUploader {
  private last: Fix | null = null;
  private flushing: Promise<FlushResult> | null = null;
  private again = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private readonly state: UploaderState = { waiting: 0, sent: 0, refused: 0, lastSentAt: null };

  constructor(
    private readonly store: TrackStore,
    private readonly transport: PositionTransport,
    private readonly options: UploaderOptions = {},
  ) {}

  get snapshot(): Readonly<UploaderState> {
    return { ...this.state };
  }

  /** Counts what an earlier page left on the device, sends it, and sends on a timer from now on. */
  async start(): Promise<void> {
    this.stopped = false;
    this.timer ??= setInterval(() => {
      if (this.state.waiting > 0) {
        void this.flush();
      }
    }, this.options.intervalMs ?? 5000);
    await this.recount();
    await this.flush();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Resolves once no flush is running (the page closes the track only then). */
  async idle(): Promise<void> {
    await this.flushing?.catch(() => undefined);
  }

  /** A fix from the device: kept unless it adds nothing to the last one; a full batch goes at once. Returns whether it was kept. */
  async record(fix: Fix): Promise<boolean> {
    if (!worthKeeping(this.last, fix, this.options.filter)) {
      return false;
    }
    this.last = fix;
    await this.store.append(fix, this.now());
    await this.recount();
    if (this.state.waiting >= (this.options.batchFixes ?? 20)) {
      void this.flush();
    }
    return true;
  }

  /**
   * Sends everything waiting, batch by batch, while the link is up. A call while one runs is not
   * lost: the running flush goes round once more, so fixes recorded meanwhile are sent too.
   */
  flush(): Promise<FlushResult> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    const run = (async () => {
      let result: FlushResult;
      do {
        this.again = false;
        result = await this.sendAll();
      } while (this.again && result.stopped === null && !this.stopped);
      return result;
    })();
    this.flushing = run.finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async sendAll(): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, refused: 0, stopped: null };
    const size = Math.min(this.options.maxPerMessage ?? maxFixesPerMessage, maxFixesPerMessage);
    while (!this.stopped) {
      const batch = await this.store.oldest(size);
      if (batch.length === 0) {
        break;
      }
      if (!this.transport.connected()) {
        result.stopped = 'disconnected';
        break;
      }
      const through = batch[batch.length - 1]!.seq;
      try {
        await this.transport.send(batch.map(reportOf));
      } catch (error) {
        if ((this.options.classify ?? classifyHubError)(error) === 'retry') {
          result.stopped = 'retry';
          break;
        }
        await this.store.removeThrough(through);
        result.refused += batch.length;
        this.state.refused += batch.length;
        await this.recount();
        continue;
      }
      await this.store.removeThrough(through);
      result.sent += batch.length;
      this.state.sent += batch.length;
      this.state.lastSentAt = this.now();
      await this.recount();
    }
    await this.recount();
    return result;
  }

  private async recount(): Promise<void> {
    this.state.waiting = await this.store.count();
    this.options.onChange?.(this.snapshot);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
