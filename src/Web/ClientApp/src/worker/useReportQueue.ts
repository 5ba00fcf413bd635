import { computed, onBeforeUnmount, shallowRef, type ComputedRef, type ShallowRef } from 'vue';
import { QueueRunner } from './queueRunner';
import { ReportQueue, type PhotoInput, type QueuedReport, type ReportFields, type SendOutcome } from './reportQueue';
import { httpTransport } from './transport';

export interface ReportQueueView {
  /** Every report on the device, oldest first: waiting ones and those the server refused. */
  items: ShallowRef<QueuedReport[]>;
  waiting: ComputedRef<number>;
  failed: ComputedRef<number>;
  /**
   * Keeps the report on the device first, then tries to send it at once. One the server refuses
   * now, or that meets an ended session, leaves the queue: it is still in the form, being fixed.
   */
  submit(id: string, fields: ReportFields, photos: PhotoInput[]): Promise<SendOutcome>;
  photosOf(id: string): Promise<PhotoInput[]>;
  discard(id: string): Promise<void>;
  /** Sends the waiting reports now (the worker's "send now"). */
  flush(): Promise<void>;
}

/** One queue per login: another worker signing in on the same phone never sends these reports. */
export const queueName = (login: string) => `ruleoflaw-reports-${login}`;

/**
 * The device's report queue for a mounted view: opened and sent at once (so reports left from a
 * closed tab go out when the app starts again), then on every online event and after backoff.
 */
export function useReportQueue(login: string): ReportQueueView {
  const items = shallowRef<QueuedReport[]>([]);
  let closed = false;
  let queue: ReportQueue | null = null;
  let runner: QueueRunner | null = null;
  // Operations under way: the database closes after them, so a send finishing after the view left is still recorded.
  const inFlight = new Set<Promise<unknown>>();

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  async function refresh() {
    if (queue && !closed) {
      items.value = await queue.list();
    }
  }

  const ready = (async () => {
    const opened = await ReportQueue.open(queueName(login));
    if (closed) {
      opened.close();
      throw new Error('The view left before its queue opened.');
    }
    queue = opened;
    runner = new QueueRunner(opened, httpTransport, { onChange: () => void refresh() });
    await refresh();
    void runner.flush();
    return { queue: opened, runner };
  })();
  ready.catch(() => undefined);

  onBeforeUnmount(() => {
    closed = true;
    runner?.stop();
    void Promise.allSettled([...inFlight]).then(() => queue?.close());
  });

  return {
    items,
    waiting: computed(() => items.value.filter((item) => item.status === 'waiting').length),
    failed: computed(() => items.value.filter((item) => item.status === 'failed').length),
    submit(id, fields, photos) {
      return track(
        (async () => {
          const { queue: opened, runner: sender } = await ready;
          await opened.enqueue(id, fields, photos);
          await refresh();
          const outcome = await sender.send(id);
          if (outcome.kind === 'failed' || outcome.kind === 'unauthorized') {
            await opened.remove(id);
            await refresh();
          }
          return outcome;
        })(),
      );
    },
    async photosOf(id) {
      return (await ready).queue.photos(id);
    },
    discard(id) {
      return track((async () => {
        await (await ready).queue.remove(id);
        await refresh();
      })());
    },
    flush() {
      return track((async () => {
        await (await ready).runner.flush();
      })());
    },
  };
}
