import { describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../live/types';
import { applySummaries, followedIds, noticeOf, ordered, type OwnReport } from './myReports';

function summary(id: string, version: number, extra: Partial<IncidentSummary> = {}): IncidentSummary {
  return {
    id,
    version,
    state: 'Reported',
    category: 'CG',
    subcategory: 'CG03',
    gridCode: '510802002003003',
    longitude: 105.8,
    latitude: 32.4,
    urgent: false,
    source: 'Patrol',
    assignedUnitId: null,
    title: `case ${id}`,
    reportedAt: '2026-11-27T03:00:00Z',
    updatedAt: '2026-11-27T03:00:00Z',
    ...extra,
  };
}

describe('my reports', () => {
  it('takes a newer version of a report and ignores an older one', () => {
    const items: OwnReport[] = [{ report: summary('a', 3), original: null }];

    const older = applySummaries(items, [summary('a', 2, { state: 'Rejected' })]);
    expect(older.changed).toBe(false);
    expect(older.items[0]!.report.version).toBe(3);

    const newer = applySummaries(items, [summary('a', 4, { state: 'PendingRegistration' })]);
    expect(newer.changed).toBe(true);
    expect(newer.items[0]!.report.state).toBe('PendingRegistration');
    expect(newer.stale).toBe(false);
  });

  it('asks for a read when a report is merged into a case it has not seen, and takes the case when the same batch carries it', () => {
    const items: OwnReport[] = [{ report: summary('dup', 2, { likelyDuplicate: true }), original: null }];

    const alone = applySummaries(items, [summary('dup', 3, { mergedInto: 'orig' })]);
    expect(alone.stale).toBe(true);
    expect(alone.items[0]!.original).toBeNull();
    expect(noticeOf(alone.items[0]!)).toBe('merged');

    const withOriginal = applySummaries(items, [summary('dup', 3, { mergedInto: 'orig' }), summary('orig', 5, { state: 'Registered' })]);
    expect(withOriginal.stale).toBe(false);
    expect(withOriginal.items[0]!.original?.state).toBe('Registered');
  });

  it('follows the original as it moves on, and forgets it when the merge is undone', () => {
    const items: OwnReport[] = [{ report: summary('dup', 3, { mergedInto: 'orig' }), original: summary('orig', 5) }];

    const moved = applySummaries(items, [summary('orig', 6, { state: 'Dispatched' })]);
    expect(moved.items[0]!.original?.state).toBe('Dispatched');
    expect(followedIds(moved.items)).toEqual(new Set(['dup', 'orig']));

    const undone = applySummaries(moved.items, [summary('dup', 4, { mergedInto: null, likelyDuplicate: true })]);
    expect(undone.items[0]!.original).toBeNull();
    expect(noticeOf(undone.items[0]!)).toBe('likelyDuplicate');
    expect(followedIds(undone.items)).toEqual(new Set(['dup']));
  });

  it('leaves a list no summary concerns as it was', () => {
    const items: OwnReport[] = [{ report: summary('a', 1), original: null }];
    const applied = applySummaries(items, [summary('elsewhere', 9)]);
    expect(applied.changed).toBe(false);
    expect(noticeOf(applied.items[0]!)).toBeNull();
  });

  it('lists the newest report first', () => {
    const items: OwnReport[] = [
      { report: summary('old', 1, { reportedAt: '2026-11-26T09:00:00Z' }), original: null },
      { report: summary('new', 1, { reportedAt: '2026-11-27T09:00:00Z' }), original: null },
    ];
    expect(ordered(items).map((item) => item.report.id)).toEqual(['new', 'old']);
  });
});
