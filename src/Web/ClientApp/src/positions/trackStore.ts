import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Fix } from './fixes';

/** A fix as kept on the device: numbered in the order it was recorded, which is the order it is sent. */
export interface StoredFix extends Fix {
  seq: number;
}

interface TrackSchema extends DBSchema {
  fixes: { key: number; value: StoredFix | Fix; indexes: { takenAt: number } };
}

export interface TrackLimits {
  /** Fixes older than this are dropped: a day's track is what matters once the phone is back. */
  maxAgeMs: number;
  /** At most this many are kept; the oldest go first. */
  maxFixes: number;
}

export const defaultTrackLimits: TrackLimits = { maxAgeMs: 24 * 60 * 60 * 1000, maxFixes: 20000 };

/**
 * The fixes recorded on the device and not yet acknowledged by the server (IndexedDB, one database
 * per login, so it survives the tab and another worker on the same phone never sends them). Every
 * fix passes through here, online or not: a fix leaves only when the batch that carried it was
 * acknowledged, so a dropped connection or a closed tab loses nothing.
 */
export class TrackStore {
  private constructor(
    private readonly db: IDBPDatabase<TrackSchema>,
    private readonly limits: TrackLimits,
  ) {}

  static async open(name: string, limits: TrackLimits = defaultTrackLimits): Promise<TrackStore> {
    const db = await openDB<TrackSchema>(name, 1, {
      upgrade(database) {
        database.createObjectStore('fixes', { keyPath: 'seq', autoIncrement: true }).createIndex('takenAt', 'takenAt');
      },
    });
    return new TrackStore(db, limits);
  }

  close(): void {
    this.db.close();
  }

  /** Keeps a fix, then trims the track to its limits (age from `now`, then count). */
  async append(fix: Fix, now: number = Date.now()): Promise<void> {
    const tx = this.db.transaction('fixes', 'readwrite');
    const fixes = tx.objectStore('fixes');
    await fixes.add({ longitude: fix.longitude, latitude: fix.latitude, accuracyMetres: fix.accuracyMetres, takenAt: fix.takenAt });
    const tooOld = await fixes.index('takenAt').getAllKeys(IDBKeyRange.upperBound(now - this.limits.maxAgeMs, true));
    for (const key of tooOld) {
      await fixes.delete(key);
    }
    const excess = (await fixes.count()) - this.limits.maxFixes;
    if (excess > 0) {
      let cursor = await fixes.openCursor();
      for (let removed = 0; cursor && removed < excess; removed++) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
    }
    await tx.done;
  }

  /** The oldest fixes waiting, in the order they were recorded. */
  async oldest(limit: number): Promise<StoredFix[]> {
    return (await this.db.getAll('fixes', undefined, limit)) as StoredFix[];
  }

  async count(): Promise<number> {
    return this.db.count('fixes');
  }

  /** Forgets every fix up to and including `seq` (a batch the server acknowledged, read from the front). */
  async removeThrough(seq: number): Promise<void> {
    await this.db.delete('fixes', IDBKeyRange.upperBound(seq));
  }
}
