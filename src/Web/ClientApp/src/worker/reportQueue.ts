import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ApiError } from '../api/http';

/** What the worker filled in; the case id and the photos travel beside it. */
export interface ReportFields {
  subcategory: string;
  description: string;
  longitude: number | null;
  latitude: number | null;
}

/** A photo as picked on the device, named by the UUID it is uploaded under. */
export interface PhotoInput {
  id: string;
  type: string;
  name: string;
  bytes: ArrayBuffer;
}

/** The server's refusal of a report, kept so the worker can fix it with the messages beside the fields. */
export interface QueueFailure {
  status: number;
  message: string;
  errors: Record<string, string[]>;
}

export type QueueStatus = 'waiting' | 'failed';

/** A report kept on the device until the server has acknowledged it. */
export interface QueuedReport {
  /** The case id made on the device: every retry sends this one, so the server stores the case once. */
  id: string;
  fields: ReportFields;
  photoIds: string[];
  status: QueueStatus;
  queuedAt: number;
  attempts: number;
  failure: QueueFailure | null;
}

/** The body of POST /api/incidents (ReportRequest); a grid worker's report is a patrol report. */
export interface ReportBody {
  id: string;
  subcategory: string;
  description: string;
  longitude: number | null;
  latitude: number | null;
  attachments: string[];
}

/** How the queue reaches the server; the app's is in transport.ts, tests give their own. */
export interface QueueTransport {
  uploadPhoto(photo: PhotoInput): Promise<void>;
  sendReport(body: ReportBody): Promise<void>;
}

export type SendOutcome =
  | { kind: 'sent' }
  /** No answer, or the server could not take it now: the report stays and is tried again. */
  | { kind: 'retry'; error: unknown }
  /** The session ended: the report stays, waiting for the worker to sign in again. */
  | { kind: 'unauthorized' }
  /** The server refused it: kept as failed, for the worker to fix or discard. */
  | { kind: 'failed'; failure: QueueFailure }
  /** Not in the queue (already sent, or discarded). */
  | { kind: 'missing' };

export interface FlushResult {
  sent: string[];
  failed: string[];
  /** Why the flush stopped before the end, if it did: the next try is the runner's business. */
  stopped: 'retry' | 'unauthorized' | null;
}

interface StoredPhoto extends PhotoInput {
  reportId: string;
  uploaded: boolean;
}

interface QueueSchema extends DBSchema {
  reports: { key: string; value: QueuedReport; indexes: { queuedAt: number } };
  photos: { key: string; value: StoredPhoto; indexes: { reportId: string } };
}

export const photoReference = (photoId: string) => `photo/${photoId}`;

export function reportBody(report: Pick<QueuedReport, 'id' | 'fields' | 'photoIds'>): ReportBody {
  return { id: report.id, ...report.fields, attachments: report.photoIds.map(photoReference) };
}

/**
 * What a refusal means for a queued report. No answer, a timeout, throttling and server errors
 * pass; a 401 is the session, not the report; any other 4xx is the server's final word on it
 * (a retry of the same report is answered 200, so a 409 means different content under the id).
 */
export function classify(error: unknown): 'retry' | 'unauthorized' | 'failed' {
  if (!(error instanceof ApiError)) {
    return 'retry';
  }
  const status = error.status;
  if (status === 0 || status === 408 || status === 429 || status >= 500) {
    return 'retry';
  }
  return status === 401 ? 'unauthorized' : 'failed';
}

export function failureOf(error: ApiError): QueueFailure {
  const problem = error.problem;
  return {
    status: problem.status,
    message: problem.detail ?? problem.title ?? `HTTP ${problem.status}`,
    errors: problem.errors ?? {},
  };
}

/**
 * The device's queue of reports (IndexedDB, so it survives closing the tab), one database per
 * login: a report is only ever sent under the session of the worker who made it.
 */
export class ReportQueue {
  private constructor(private readonly db: IDBPDatabase<QueueSchema>) {}

  static async open(name: string): Promise<ReportQueue> {
    const db = await openDB<QueueSchema>(name, 1, {
      upgrade(database) {
        database.createObjectStore('reports', { keyPath: 'id' }).createIndex('queuedAt', 'queuedAt');
        database.createObjectStore('photos', { keyPath: 'id' }).createIndex('reportId', 'reportId');
      },
    });
    return new ReportQueue(db);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Keeps a report (new, or fixed after a refusal: same id) with its photos, in one transaction,
   * as waiting. Photos already uploaded stay marked so; photos the worker removed are dropped.
   */
  async enqueue(id: string, fields: ReportFields, photos: PhotoInput[], now: number = Date.now()): Promise<QueuedReport> {
    const tx = this.db.transaction(['reports', 'photos'], 'readwrite');
    const reports = tx.objectStore('reports');
    const stored = tx.objectStore('photos');
    const previous = await reports.get(id);
    const keep = new Set(photos.map((photo) => photo.id));
    for (const old of await stored.index('reportId').getAll(id)) {
      if (!keep.has(old.id)) {
        await stored.delete(old.id);
      }
    }
    for (const photo of photos) {
      const existing = await stored.get(photo.id);
      await stored.put({ ...photo, reportId: id, uploaded: existing?.uploaded ?? false });
    }
    const report: QueuedReport = {
      id,
      fields: { ...fields },
      photoIds: photos.map((photo) => photo.id),
      status: 'waiting',
      queuedAt: previous?.queuedAt ?? now,
      attempts: previous?.attempts ?? 0,
      failure: null,
    };
    await reports.put(report);
    await tx.done;
    return report;
  }

  /** Every report on the device, oldest first. */
  async list(): Promise<QueuedReport[]> {
    return this.db.getAllFromIndex('reports', 'queuedAt');
  }

  async get(id: string): Promise<QueuedReport | undefined> {
    return this.db.get('reports', id);
  }

  /** A report's photos in the order it attaches them (for the form, when the worker fixes it). */
  async photos(reportId: string): Promise<PhotoInput[]> {
    const report = await this.db.get('reports', reportId);
    const all = await this.db.getAllFromIndex('photos', 'reportId', reportId);
    const order = report?.photoIds ?? [];
    return all
      .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
      .map(({ id, type, name, bytes }) => ({ id, type, name, bytes }));
  }

  /** Removes a report and its photos (acknowledged, or given up by the worker). */
  async remove(reportId: string): Promise<void> {
    const tx = this.db.transaction(['reports', 'photos'], 'readwrite');
    const photos = tx.objectStore('photos');
    for (const key of await photos.index('reportId').getAllKeys(reportId)) {
      await photos.delete(key);
    }
    await tx.objectStore('reports').delete(reportId);
    await tx.done;
  }

  /**
   * Sends one report: its photos not yet acknowledged, then the report under its own id. It
   * leaves the queue only once the server has answered 201 or 200 (a retry already stored).
   */
  async send(reportId: string, transport: QueueTransport): Promise<SendOutcome> {
    const report = await this.db.get('reports', reportId);
    if (!report) {
      return { kind: 'missing' };
    }
    try {
      for (const photoId of report.photoIds) {
        const photo = await this.db.get('photos', photoId);
        if (!photo || photo.uploaded) {
          continue;
        }
        await transport.uploadPhoto({ id: photo.id, type: photo.type, name: photo.name, bytes: photo.bytes });
        await this.db.put('photos', { ...photo, uploaded: true });
      }
      await transport.sendReport(reportBody(report));
    } catch (error) {
      return this.noteRefusal(report, error);
    }
    await this.remove(report.id);
    return { kind: 'sent' };
  }

  /** Sends every waiting report, oldest first; failed ones wait for the worker. Stops at the first that must be retried. */
  async flush(transport: QueueTransport): Promise<FlushResult> {
    const result: FlushResult = { sent: [], failed: [], stopped: null };
    for (const report of await this.list()) {
      if (report.status !== 'waiting') {
        continue;
      }
      const outcome = await this.send(report.id, transport);
      if (outcome.kind === 'sent') {
        result.sent.push(report.id);
      } else if (outcome.kind === 'failed') {
        result.failed.push(report.id);
      } else if (outcome.kind === 'retry' || outcome.kind === 'unauthorized') {
        // The network or the session is the problem, not this report: the others would fare the same.
        result.stopped = outcome.kind;
        break;
      }
    }
    return result;
  }

  private async noteRefusal(report: QueuedReport, error: unknown): Promise<SendOutcome> {
    const kind = classify(error);
    const current = (await this.db.get('reports', report.id)) ?? report;
    if (kind === 'failed') {
      const failure = failureOf(error as ApiError);
      await this.db.put('reports', { ...current, status: 'failed', attempts: current.attempts + 1, failure });
      return { kind: 'failed', failure };
    }
    await this.db.put('reports', { ...current, attempts: current.attempts + 1 });
    return kind === 'unauthorized' ? { kind: 'unauthorized' } : { kind: 'retry', error };
  }
}
