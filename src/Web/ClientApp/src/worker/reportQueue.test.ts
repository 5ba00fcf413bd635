import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http';
import { newIncidentId } from '../api/ids';
import { QueueRunner, retryDelay } from './queueRunner';
import { classify, ReportQueue, type PhotoInput, type QueueTransport, type ReportBody, type ReportFields } from './reportQueue';

const fields: ReportFields = { subcategory: 'CG03', description: '路边堆放生活垃圾', longitude: 105.84, latitude: 32.43 };

function photo(text = 'jpeg bytes'): PhotoInput {
  return { id: newIncidentId(), type: 'image/jpeg', name: 'before.jpg', bytes: new TextEncoder().encode(text).buffer as ArrayBuffer };
}

/**
 * A server as the queue sees it: it stores what it acknowledges, by id, as the node does, and can
 * be told to fail the next calls in a given way (no network, a refusal).
 */
class FakeServer implements QueueTransport {
  readonly reports = new Map<string, ReportBody>();
  readonly photos = new Map<string, string>();
  readonly calls: string[] = [];
  failures: unknown[] = [];
  /** Stores the request, then loses the answer (the server has it, the phone does not know). */
  loseNextAnswer = false;

  async uploadPhoto(input: PhotoInput): Promise<void> {
    this.calls.push(`photo ${input.id}`);
    this.failIfTold();
    this.photos.set(input.id, new TextDecoder().decode(input.bytes));
  }

  async sendReport(body: ReportBody): Promise<void> {
    this.calls.push(`report ${body.id}`);
    this.failIfTold();
    if (!this.reports.has(body.id)) {
      this.reports.set(body.id, body);
    }
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new ApiError({ status: 0, title: 'Failed to fetch' });
    }
  }

  private failIfTold(): void {
    const failure = this.failures.shift();
    if (failure !== undefined) {
      throw failure;
    }
  }
}

const offline = () => new ApiError({ status: 0, title: 'Failed to fetch' });
const invalid = () =>
  new ApiError({ status: 400, title: 'Invalid', detail: '请求有误。', errors: { subcategory: ['“XX99”不是事件小类。'] } });

let name: string;
let queue: ReportQueue;
let server: FakeServer;

beforeEach(async () => {
  name = `queue-${newIncidentId()}`;
  queue = await ReportQueue.open(name);
  server = new FakeServer();
});

afterEach(() => {
  queue.close();
  vi.useRealTimers();
});

describe('ReportQueue', () => {
  it('keeps an enqueued report with its photos as waiting', async () => {
    const id = newIncidentId();
    const picture = photo();

    await queue.enqueue(id, fields, [picture]);

    const [report] = await queue.list();
    expect(report).toMatchObject({ id, fields, photoIds: [picture.id], status: 'waiting', attempts: 0, failure: null });
    const [stored] = await queue.photos(id);
    expect(new TextDecoder().decode(stored!.bytes)).toBe('jpeg bytes');
  });

  it('still holds the report and its photo bytes after the database is closed and opened again', async () => {
    const id = newIncidentId();
    const picture = photo('survives the tab');
    await queue.enqueue(id, fields, [picture]);
    queue.close();

    queue = await ReportQueue.open(name);

    expect((await queue.list()).map((report) => report.id)).toEqual([id]);
    const [stored] = await queue.photos(id);
    expect(stored!.id).toBe(picture.id);
    expect(new TextDecoder().decode(stored!.bytes)).toBe('survives the tab');
  });

  it('sends the photos, then the report with them attached, and drops it only once acknowledged', async () => {
    const id = newIncidentId();
    const picture = photo();
    await queue.enqueue(id, fields, [picture]);

    const result = await queue.flush(server);

    expect(result).toEqual({ sent: [id], failed: [], stopped: null });
    expect(server.calls).toEqual([`photo ${picture.id}`, `report ${id}`]);
    expect(server.reports.get(id)).toEqual({ id, ...fields, attachments: [`photo/${picture.id}`] });
    expect(await queue.list()).toEqual([]);
    expect(await queue.photos(id)).toEqual([]);
  });

  it('sends an acknowledged report once: a second flush sends nothing', async () => {
    const id = newIncidentId();
    await queue.enqueue(id, fields, [photo()]);
    await queue.flush(server);

    const again = await queue.flush(server);

    expect(again.sent).toEqual([]);
    expect(server.calls.filter((call) => call === `report ${id}`)).toHaveLength(1);
  });

  it('keeps the report on a network failure and sends it under the same id later, without uploading a photo twice', async () => {
    const id = newIncidentId();
    const picture = photo();
    await queue.enqueue(id, fields, [picture]);
    server.failures = [undefined, offline()]; // the photo goes up, then the network drops

    const first = await queue.flush(server);

    expect(first).toEqual({ sent: [], failed: [], stopped: 'retry' });
    expect(await queue.get(id)).toMatchObject({ status: 'waiting', attempts: 1 });

    const second = await queue.flush(server);

    expect(second.sent).toEqual([id]);
    expect(server.calls).toEqual([`photo ${picture.id}`, `report ${id}`, `report ${id}`]);
    expect(server.reports.size).toBe(1);
    expect(await queue.list()).toEqual([]);
  });

  it('stores the case once when the answer to the first send was lost: the retry carries the same id', async () => {
    const id = newIncidentId();
    await queue.enqueue(id, fields, [photo()]);
    server.loseNextAnswer = true;

    expect((await queue.flush(server)).stopped).toBe('retry');
    expect(await queue.get(id)).toBeDefined();
    expect((await queue.flush(server)).sent).toEqual([id]);

    expect([...server.reports.keys()]).toEqual([id]);
    expect(server.calls.filter((call) => call.startsWith('report'))).toEqual([`report ${id}`, `report ${id}`]);
  });

  it('marks a report the server refuses (4xx) as failed with its message and goes on with the next', async () => {
    const refused = newIncidentId();
    const accepted = newIncidentId();
    await queue.enqueue(refused, { ...fields, subcategory: 'XX99' }, [photo()], 1);
    await queue.enqueue(accepted, fields, [photo()], 2);
    server.failures = [undefined, invalid()];

    const result = await queue.flush(server);

    expect(result).toEqual({ sent: [accepted], failed: [refused], stopped: null });
    const failed = await queue.get(refused);
    expect(failed).toMatchObject({
      status: 'failed',
      failure: { status: 400, message: '请求有误。', errors: { subcategory: ['“XX99”不是事件小类。'] } },
    });

    // A failed report waits for the worker: the next flush leaves it alone.
    server.calls.length = 0;
    await queue.flush(server);
    expect(server.calls).toEqual([]);
  });

  it('sends a failed report again once the worker fixed it, under the same id', async () => {
    const id = newIncidentId();
    const picture = photo();
    await queue.enqueue(id, { ...fields, subcategory: 'XX99' }, [picture]);
    server.failures = [undefined, invalid()];
    await queue.flush(server);

    await queue.enqueue(id, fields, await queue.photos(id));
    const result = await queue.flush(server);

    expect(result.sent).toEqual([id]);
    expect(server.reports.get(id)?.subcategory).toBe('CG03');
    // The photo was acknowledged the first time: it is not uploaded again.
    expect(server.calls.filter((call) => call.startsWith('photo'))).toEqual([`photo ${picture.id}`]);
  });

  it('keeps reports waiting when the session has ended, and stops sending', async () => {
    const first = newIncidentId();
    const second = newIncidentId();
    await queue.enqueue(first, fields, [], 1);
    await queue.enqueue(second, fields, [], 2);
    server.failures = [new ApiError({ status: 401, title: 'Unauthorized' })];

    const result = await queue.flush(server);

    expect(result).toEqual({ sent: [], failed: [], stopped: 'unauthorized' });
    expect((await queue.list()).map((report) => report.status)).toEqual(['waiting', 'waiting']);
    expect(server.calls).toEqual([`report ${first}`]);
  });

  it('drops a discarded report with its photos', async () => {
    const id = newIncidentId();
    await queue.enqueue(id, fields, [photo(), photo()]);

    await queue.remove(id);

    expect(await queue.list()).toEqual([]);
    expect(await queue.photos(id)).toEqual([]);
  });
});

describe('classify', () => {
  it.each([
    [0, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [401, 'unauthorized'],
    [400, 'failed'],
    [403, 'failed'],
    [409, 'failed'],
    [413, 'failed'],
    [422, 'failed'],
  ] as const)('status %i means %s', (status, expected) => {
    expect(classify(new ApiError({ status }))).toBe(expected);
  });
});

describe('QueueRunner', () => {
  it('doubles the wait between tries up to a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((failures) => retryDelay(failures))).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('retries after the delay while the network is down, then stops once the report is acknowledged', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const id = newIncidentId();
    await queue.enqueue(id, fields, []);
    server.failures = [offline(), offline()];
    const runner = new QueueRunner(queue, server, { delay: () => 1000, onOnline: () => () => undefined });

    expect((await runner.flush()).stopped).toBe('retry');
    expect(runner.retryScheduled).toBe(true);

    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(server.calls).toHaveLength(2));
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(async () => expect(await queue.list()).toEqual([]));

    expect(server.calls).toEqual([`report ${id}`, `report ${id}`, `report ${id}`]);
    expect(runner.retryScheduled).toBe(false);
    runner.stop();
  });

  it('sends at once when the browser comes back online', async () => {
    let online: (() => void) | null = null;
    const id = newIncidentId();
    const runner = new QueueRunner(queue, server, {
      delay: () => 3_600_000,
      onOnline: (listener) => {
        online = listener;
        return () => (online = null);
      },
    });
    server.failures = [offline()];
    await queue.enqueue(id, fields, []);
    await runner.flush();
    expect(await queue.get(id)).toBeDefined();

    online!();

    await vi.waitFor(async () => expect(await queue.list()).toEqual([]));
    expect(server.reports.has(id)).toBe(true);
    runner.stop();
    expect(online).toBeNull();
  });

  it('never has the same report in flight twice from one page', async () => {
    const id = newIncidentId();
    await queue.enqueue(id, fields, []);
    let inFlight = 0;
    let most = 0;
    const slow: QueueTransport = {
      uploadPhoto: () => Promise.resolve(),
      sendReport: async (body) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await server.sendReport(body);
        inFlight -= 1;
      },
    };
    const runner = new QueueRunner(queue, slow, { onOnline: () => () => undefined });

    await Promise.all([runner.send(id), runner.flush(), runner.flush()]);

    expect(most).toBe(1);
    expect(server.calls).toEqual([`report ${id}`]);
    runner.stop();
  });
});
