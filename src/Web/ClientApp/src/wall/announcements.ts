import type { IncidentSummary } from '../live/types';

/** The emergency category of the catalogue (突发事件, domain.md §2). */
export const emergencyCategory = 'TF';

/**
 * Tells which emergencies in the held set are new to the wall. An emergency is new the first time
 * it is seen, if it was reported after the wall's first snapshot or shortly before it (a wall
 * opened a moment after the report still announces it); the cases open when the wall opened are
 * the baseline. Remembers only the emergencies still open, so it stays as small as the open set.
 */
export class EmergencyWatch {
  private readonly known = new Set<string>();
  private since: number | null = null;

  constructor(private readonly lookbackMs = 60_000) {}

  /**
   * Call with the held cases after every change. Returns the new emergencies, oldest report first.
   * Before the first snapshot (takenAt null) nothing is judged: there is no baseline yet.
   */
  observe(cases: readonly IncidentSummary[], takenAt: string | null): IncidentSummary[] {
    if (takenAt === null) {
      return [];
    }
    this.since ??= Date.parse(takenAt) - this.lookbackMs;
    const open = new Set<string>();
    const fresh: IncidentSummary[] = [];
    for (const item of cases) {
      if (item.category !== emergencyCategory) {
        continue;
      }
      open.add(item.id);
      if (this.known.has(item.id)) {
        continue;
      }
      this.known.add(item.id);
      if (Date.parse(item.reportedAt) >= this.since) {
        fresh.push(item);
      }
    }
    for (const id of this.known) {
      if (!open.has(id)) {
        this.known.delete(id);
      }
    }
    return fresh.sort((a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt));
  }

  /** How many emergencies are remembered (the open ones). */
  get size(): number {
    return this.known.size;
  }
}

/** What the banner says about one emergency; copied, so a later change of the case does not rewrite it. */
export interface Announcement {
  readonly id: string;
  readonly subcategory: string;
  readonly gridCode: string;
  readonly urgent: boolean;
  readonly reportedAt: string;
}

export function announcementOf(item: IncidentSummary): Announcement {
  return { id: item.id, subcategory: item.subcategory, gridCode: item.gridCode, urgent: item.urgent, reportedAt: item.reportedAt };
}

export interface AnnouncementQueueOptions {
  /** How long an announcement stays in the banner when nothing waits behind it. */
  displayMs?: number;
  /** How long each stays while others wait: long enough to read, short enough that none waits long. */
  busyDisplayMs?: number;
  /** How many may wait for the banner; beyond it the oldest waiting ones are left to the recent list. */
  waitingLimit?: number;
  /** How many recent announcements the list below the banner keeps. */
  historyLimit?: number;
}

/**
 * The banner's queue: one announcement at a time, shown for displayMs (busyDisplayMs while others
 * wait), the rest waiting in order. Everything is bounded: the waiting line and the recent list are capped, so a wall left
 * open for days (or a storm of emergencies) holds a fixed amount however many arrive. Time is
 * passed in, so the queue is pure and the view needs only one timer, set to nextChangeAt().
 */
export class AnnouncementQueue {
  readonly displayMs: number;
  readonly busyDisplayMs: number;
  readonly waitingLimit: number;
  readonly historyLimit: number;
  private shown: Announcement | null = null;
  private shownAt = 0;
  private readonly line: Announcement[] = [];
  private readonly recent: Announcement[] = [];
  private skipped = 0;

  constructor(options: AnnouncementQueueOptions = {}) {
    this.displayMs = options.displayMs ?? 20_000;
    this.busyDisplayMs = Math.min(options.busyDisplayMs ?? 8_000, this.displayMs);
    this.waitingLimit = options.waitingLimit ?? 10;
    this.historyLimit = options.historyLimit ?? 6;
  }

  /** The announcement in the banner, if any. */
  get current(): Announcement | null {
    return this.shown;
  }

  get waiting(): number {
    return this.line.length;
  }

  /** The waiting announcements in the order they will be shown. */
  get upcoming(): readonly Announcement[] {
    return this.line;
  }

  /** Recent announcements, newest first, the one in the banner included. */
  get history(): readonly Announcement[] {
    return this.recent;
  }

  /** How many never had the banner to themselves because too many waited (they are in the recent list). */
  get skippedCount(): number {
    return this.skipped;
  }

  add(announcement: Announcement, now: number): void {
    this.recent.unshift(announcement);
    this.recent.length = Math.min(this.recent.length, this.historyLimit);
    if (this.shown === null) {
      this.show(announcement, now);
      return;
    }
    this.line.push(announcement);
    while (this.line.length > this.waitingLimit) {
      this.line.shift();
      this.skipped++;
    }
  }

  /** Moves on when the shown announcement has had its time; returns whether the banner changed. */
  advance(now: number): boolean {
    const changeAt = this.nextChangeAt();
    if (changeAt === null || now < changeAt) {
      return false;
    }
    const next = this.line.shift();
    if (next) {
      this.show(next, now);
    } else {
      this.shown = null;
    }
    return true;
  }

  /** When advance() will next change the banner; null when nothing is shown. */
  nextChangeAt(): number | null {
    if (this.shown === null) {
      return null;
    }
    return this.shownAt + (this.line.length > 0 ? this.busyDisplayMs : this.displayMs);
  }

  private show(announcement: Announcement, now: number): void {
    this.shown = announcement;
    this.shownAt = now;
  }
}
