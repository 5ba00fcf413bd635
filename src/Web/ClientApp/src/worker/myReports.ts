import type { IncidentSummary } from '../live/types';

/** One of the worker's reports as GET /api/me/reports answers it (OwnReport). */
export interface OwnReport {
  report: IncidentSummary;
  /** The case the report was merged into, as it stands; null when it stands on its own, or not read yet. */
  original: IncidentSummary | null;
}

export interface OwnReportsAnswer {
  items: OwnReport[];
  limit: number;
}

/** What a report's card tells the worker besides its state. */
export type ReportNotice = 'merged' | 'likelyDuplicate' | null;

export function noticeOf(item: OwnReport): ReportNotice {
  if (item.report.mergedInto) {
    return 'merged';
  }
  return item.report.likelyDuplicate ? 'likelyDuplicate' : null;
}

/** Newest report first: the worker looks for what they just reported. */
export function ordered(items: readonly OwnReport[]): OwnReport[] {
  return [...items].sort((a, b) => b.report.reportedAt.localeCompare(a.report.reportedAt) || a.report.id.localeCompare(b.report.id));
}

/** Every case the list follows live: the reports, and the cases they were merged into. */
export function followedIds(items: readonly OwnReport[]): Set<string> {
  const ids = new Set<string>();
  for (const { report, original } of items) {
    ids.add(report.id);
    if (report.mergedInto) {
      ids.add(report.mergedInto);
    }
    if (original) {
      ids.add(original.id);
    }
  }
  return ids;
}

export interface Applied {
  items: OwnReport[];
  changed: boolean;
  /** A report was merged into a case the list has not read: the list must be read again. */
  stale: boolean;
}

/**
 * Live summaries applied to the list. Pushes are hints: a summary counts only when its version is
 * newer than the one held. A report merged into a case not read yet leaves its original empty and
 * asks for a read; a report taken out of a merge forgets its original.
 */
export function applySummaries(items: readonly OwnReport[], summaries: readonly IncidentSummary[]): Applied {
  const newest = new Map<string, IncidentSummary>();
  for (const summary of summaries) {
    const held = newest.get(summary.id);
    if (!held || summary.version > held.version) {
      newest.set(summary.id, summary);
    }
  }
  let changed = false;
  let stale = false;
  const next = items.map((item) => {
    let { report, original } = item;
    const reportNow = newest.get(report.id);
    if (reportNow && reportNow.version > report.version) {
      report = reportNow;
    }
    if (!report.mergedInto) {
      original = null;
    } else if (original?.id !== report.mergedInto) {
      const known = newest.get(report.mergedInto);
      original = known ?? null;
      stale ||= !known;
    } else {
      const originalNow = newest.get(original.id);
      if (originalNow && originalNow.version > original.version) {
        original = originalNow;
      }
    }
    if (report === item.report && original === item.original) {
      return item;
    }
    changed = true;
    return { report, original };
  });
  return { items: changed ? next : [...items], changed, stale };
}
