import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { distanceMetres, reportOf, worthKeeping, type Fix, type PositionReport } from './fixes';
import { classifyHubError, PositionUploader, type PositionTransport, type UploaderOptions } from './positionUploader';
import { TrackStore } from './trackStore';

const start = Date.parse('2025-06-01T08:00:00Z');
let databases = 0;
const opened: TrackStore[] = [];

async function openStore(limits?: { maxAgeMs: number; maxFixes: number }): Promise<TrackStore> {
  const store = await TrackStore.open(`track-test-${++databases}`, limits);
  opened.push(store);
  return store;
}

/** A walk eastwards along a street: each step about 11 m and `seconds` apart. */
function walk(count: number, seconds = 3, from = 0): Fix[] {
  return Array.from({ length: count }, (_, index) => ({
    longitude: 105.84 + (from + index) * 0.0001,
    latitude: 32.43,
    accuracyMetres: 12,
    takenAt: start + (from + index) * seconds * 1000,
  }));
}

/**
 * The hub as the uploader sees it: it stores what it acknowledges, one fix per instant as the
 * node does, and can be taken down, or told to lose an answer or to refuse the next batch.
 */
class FakeHub implements PositionTransport {
  readonly stored = new Map<string, PositionReport>();
  readonly batches: number[] = [];
  up = true;
  loseNextAnswer = false;
  refuseNext = false;
  /** A send that waits until released: for what happens while a batch is out. */
  hold: Promise<void> | null = null;
  /** Sends that reached the hub (before any hold). */
  entered = 0;

  connected(): boolean {
    return this.up;
  }

  async send(reports: PositionReport[]): Promise<void> {
    this.entered++;
    if (this.hold) {
      await this.hold;
    }
    if (!this.up) {
      throw new Error('Invocation canceled due to the underlying connection being closed.');
    }
    this.batches.push(reports.length);
    if (this.refuseNext) {
      this.refuseNext = false;
      throw new Error("An unexpected error occurred invoking 'UpdatePositions' on the server. HubException: Position 1: latitude out of range.");
    }
    for (const report of reports) {
      if (!this.stored.has(report.at)) {
        this.stored.set(report.at, report);
      }
    }
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new Error('Invocation canceled due to the underlying connection being closed.');
    }
  }

  /** The track as the server holds it, in time order. */
  track(): string[] {
    return [...this.stored.keys()].sort();
  }
}

/** An uploader whose clock reads within the day of the walks, so the track's age limit keeps them. */
function uploaderOf(store: TrackStore, hub: PositionTransport, options: UploaderOptions = {}): PositionUploader {
  return new PositionUploader(store, hub, { now: () => start + 60 * 60 * 1000, ...options });
}

const instants = (fixes: Fix[]) => fixes.map((fix) => reportOf(fix).at);

afterEach(() => {
  vi.useRealTimers();
  for (const store of opened.splice(0)) {
    store.close();
  }
});

describe('worthKeeping', () => {
  const here: Fix = { longitude: 105.84, latitude: 32.43, accuracyMetres: 10, takenAt: start };

  it('keeps the first fix, and one that moved a few metres or came a while later', () => {
    expect(worthKeeping(null, here)).toBe(true);
    expect(worthKeeping(here, { ...here, longitude: 105.8401, takenAt: start + 1000 })).toBe(true);
    expect(worthKeeping(here, { ...here, takenAt: start + 15000 })).toBe(true);
  });

  it('drops a fix both close in space and in time, and one not newer than the last', () => {
    expect(worthKeeping(here, { ...here, longitude: 105.84001, takenAt: start + 3000 })).toBe(false);
    expect(worthKeeping(here, { ...here, longitude: 105.85, takenAt: start })).toBe(false);
    expect(worthKeeping(here, { ...here, longitude: 105.85, takenAt: start - 1000 })).toBe(false);
  });

  it('measures metres on the ground', () => {
    // 0.0001° of longitude at 32.43° N is about 9.4 m; 0.001° of latitude about 111 m.
    expect(distanceMetres(here, { ...here, longitude: 105.8401 })).toBeCloseTo(9.39, 1);
    expect(distanceMetres(here, { ...here, latitude: 32.431 })).toBeCloseTo(111.2, 0);
  });
});

describe('TrackStore', () => {
  it('keeps fixes in the order recorded and forgets a batch read from the front', async () => {
    const store = await openStore();
    for (const fix of walk(5)) {
      await store.append(fix, start);
    }
    const first = await store.oldest(3);
    expect(first.map((fix) => fix.takenAt)).toEqual(walk(3).map((fix) => fix.takenAt));
    await store.removeThrough(first[2]!.seq);
    expect((await store.oldest(10)).map((fix) => fix.takenAt)).toEqual(walk(2, 3, 3).map((fix) => fix.takenAt));
  });

  it('is capped by count (oldest first) and by age', async () => {
    const store = await openStore({ maxAgeMs: 60000, maxFixes: 4 });
    for (const fix of walk(6, 1)) {
      await store.append(fix, start + 6000);
    }
    expect((await store.oldest(10)).map((fix) => fix.takenAt)).toEqual(walk(4, 1, 2).map((fix) => fix.takenAt));
    // A minute later than the last fix, every fix older than a minute goes.
    await store.append(walk(1, 1, 70)[0]!, start + 70000);
    expect((await store.oldest(10)).map((fix) => fix.takenAt)).toEqual([start + 70000]);
  });

  it('survives being closed and opened again (the tab closed)', async () => {
    const name = `track-test-${++databases}`;
    const first = await TrackStore.open(name);
    await first.append(walk(1)[0]!, start);
    first.close();
    const again = await TrackStore.open(name);
    opened.push(again);
    expect(await again.count()).toBe(1);
  });
});

describe('PositionUploader', () => {
  it('sends at once when a batch of 20 is full, and nothing before', async () => {
    const hub = new FakeHub();
    const uploader = uploaderOf(await openStore(), hub, { batchFixes: 20 });
    const fixes = walk(20);
    for (const fix of fixes.slice(0, 19)) {
      await uploader.record(fix);
    }
    expect(hub.batches).toEqual([]);
    expect(uploader.snapshot.waiting).toBe(19);

    await uploader.record(fixes[19]!);
    await uploader.idle();

    expect(hub.batches).toEqual([20]);
    expect(hub.track()).toEqual(instants(fixes));
    expect(uploader.snapshot).toMatchObject({ waiting: 0, sent: 20 });
  });

  it('sends what waits every 5 s when fewer than a batch arrive', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const hub = new FakeHub();
    const uploader = uploaderOf(await openStore(), hub, { intervalMs: 5000 });
    await uploader.start();
    for (const fix of walk(3)) {
      await uploader.record(fix);
    }
    expect(hub.batches).toEqual([]);

    vi.advanceTimersByTime(5000);
    await vi.waitFor(() => expect(hub.batches).toEqual([3]));
    await uploader.idle();
    uploader.stop();
    expect(uploader.snapshot.waiting).toBe(0);
  });

  it('drops fixes that add nothing to the last one kept', async () => {
    const hub = new FakeHub();
    const uploader = uploaderOf(await openStore(), hub);
    const [here] = walk(1);
    expect(await uploader.record(here!)).toBe(true);
    expect(await uploader.record({ ...here!, longitude: here!.longitude + 0.00001, takenAt: here!.takenAt + 2000 })).toBe(false);
    expect(await uploader.record({ ...here!, takenAt: here!.takenAt + 20000 })).toBe(true);
    await uploader.flush();
    expect(hub.stored.size).toBe(2);
  });

  it('keeps the track while the hub is down and sends it in order, in messages of at most 500, once back', async () => {
    const hub = new FakeHub();
    hub.up = false;
    const store = await openStore();
    const uploader = uploaderOf(store, hub, { batchFixes: 20 });
    const fixes = walk(1234);
    for (const fix of fixes) {
      await uploader.record(fix);
    }
    await uploader.idle();
    expect(hub.batches).toEqual([]);
    expect(await store.count()).toBe(1234);

    hub.up = true;
    const result = await uploader.flush();

    expect(result).toEqual({ sent: 1234, refused: 0, stopped: null });
    expect(hub.batches).toEqual([500, 500, 234]);
    expect([...hub.stored.keys()]).toEqual(instants(fixes));
    expect(await store.count()).toBe(0);
  });

  it('keeps a batch whose answer was lost and sends it again; the server holds each fix once', async () => {
    const hub = new FakeHub();
    const store = await openStore();
    const uploader = uploaderOf(store, hub);
    const fixes = walk(5);
    for (const fix of fixes) {
      await uploader.record(fix);
    }
    hub.loseNextAnswer = true;

    expect((await uploader.flush()).stopped).toBe('retry');
    expect(await store.count()).toBe(5);
    expect(hub.stored.size).toBe(5);

    expect(await uploader.flush()).toEqual({ sent: 5, refused: 0, stopped: null });
    expect(hub.batches).toEqual([5, 5]);
    expect(hub.track()).toEqual(instants(fixes));
    expect(await store.count()).toBe(0);
  });

  it('stops at a dropped link without losing the batch that was out, and resumes where it stopped', async () => {
    const hub = new FakeHub();
    const store = await openStore();
    const uploader = uploaderOf(store, hub, { maxPerMessage: 2, batchFixes: 100 });
    const fixes = walk(5);
    for (const fix of fixes) {
      await uploader.record(fix);
    }
    let release: () => void = () => undefined;
    hub.hold = new Promise((resolve) => (release = resolve));
    const out = uploader.flush();
    await vi.waitFor(() => expect(hub.entered).toBe(1));
    hub.up = false;
    release();
    expect((await out).stopped).toBe('retry');
    expect(await store.count()).toBe(5);

    hub.hold = null;
    hub.up = true;
    await uploader.flush();
    expect(hub.batches).toEqual([2, 2, 1]);
    expect(hub.track()).toEqual(instants(fixes));
  });

  it('drops a batch the server refused instead of blocking the track behind it', async () => {
    const hub = new FakeHub();
    const store = await openStore();
    const uploader = uploaderOf(store, hub, { maxPerMessage: 2, batchFixes: 100 });
    const fixes = walk(4);
    for (const fix of fixes) {
      await uploader.record(fix);
    }
    hub.refuseNext = true;

    expect(await uploader.flush()).toEqual({ sent: 2, refused: 2, stopped: null });
    expect(hub.track()).toEqual(instants(fixes.slice(2)));
    expect(uploader.snapshot).toMatchObject({ waiting: 0, sent: 2, refused: 2 });
  });

  it('sends fixes recorded while a flush is out in the same round', async () => {
    const hub = new FakeHub();
    const uploader = uploaderOf(await openStore(), hub, { batchFixes: 100 });
    const fixes = walk(3);
    await uploader.record(fixes[0]!);
    let release: () => void = () => undefined;
    hub.hold = new Promise((resolve) => (release = resolve));
    const out = uploader.flush();
    await uploader.record(fixes[1]!);
    await uploader.record(fixes[2]!);
    void uploader.flush();
    hub.hold = null;
    release();
    await out;
    await uploader.idle();

    expect(hub.track()).toEqual(instants(fixes));
    expect(uploader.snapshot.waiting).toBe(0);
  });
});

describe('classifyHubError', () => {
  it('drops what the server refused and retries what the link lost', () => {
    expect(classifyHubError(new Error("An unexpected error occurred invoking 'UpdatePositions' on the server. HubException: Position 1: …"))).toBe('refused');
    expect(classifyHubError(new Error('Invocation canceled due to the underlying connection being closed.'))).toBe('retry');
    expect(classifyHubError(new Error("Cannot send data if the connection is not in the 'Connected' State."))).toBe('retry');
    expect(classifyHubError(new Error("An unexpected error occurred invoking 'UpdatePositions' on the server."))).toBe('retry');
  });
});
