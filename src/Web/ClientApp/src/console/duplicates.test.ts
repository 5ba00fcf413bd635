import { describe, expect, it } from 'vitest';
import type { IncidentRecord } from './details';
import { caseNumber, isLikelyDuplicate, looksForCandidates, mergedReportsOf, mergeTargets, wholeMetres, type DuplicatesAnswer } from './duplicates';
import type { IncidentSummary } from '../live/types';

const id = '019ac2f1-3b4c-7d5e-8f60-a1b2c3d4e5f6';

function candidate(caseId: string, distanceMeters: number, mergedInto: string | null = null) {
  return { incident: { id: caseId, mergedInto } as IncidentSummary, distanceMeters };
}

describe('duplicates', () => {
  it('numbers a case by the random tail of its id', () => {
    expect(caseNumber(id)).toBe('c3d4e5f6');
    expect(caseNumber('abc')).toBe('abc');
  });

  it('shows distances in whole metres', () => {
    expect(wholeMetres(28.4)).toBe(28);
    expect(wholeMetres(28.5)).toBe(29);
    expect(wholeMetres(0)).toBe(0);
  });

  it('looks for candidates only where the server allows a merge and the report is not merged', () => {
    const report = { mergedInto: null } as IncidentRecord;
    expect(looksForCandidates(report, ['forward', 'merge'])).toBe(true);
    expect(looksForCandidates(report, ['forward'])).toBe(false);
    expect(looksForCandidates({ mergedInto: 'x' } as IncidentRecord, ['merge'])).toBe(false);
  });

  it('badges a flagged report until it is merged', () => {
    expect(isLikelyDuplicate({ likelyDuplicateOf: ['x'], mergedInto: null })).toBe(true);
    expect(isLikelyDuplicate({ likelyDuplicateOf: ['x'], mergedInto: 'x' })).toBe(false);
    expect(isLikelyDuplicate({ likelyDuplicateOf: [], mergedInto: null })).toBe(false);
    expect(isLikelyDuplicate(undefined)).toBe(false);
  });

  it('offers as targets the candidates in the server order, never the report itself nor a merged case', () => {
    const answer: DuplicatesAnswer = {
      incidentId: 'me',
      mergedInto: null,
      likelyDuplicateOf: ['near'],
      candidates: [candidate('near', 3), candidate('me', 0), candidate('gone', 10, 'near'), candidate('far', 150)],
    };
    expect(mergeTargets(answer).map((target) => target.incident.id)).toEqual(['near', 'far']);
  });

  it('lists the latest merge first', () => {
    const merged = mergedReportsOf({
      mergedReports: [
        { incidentId: 'a', reporterUserId: 'u1', mergedAt: '2026-11-27T01:00:00Z' },
        { incidentId: 'b', reporterUserId: 'u2', mergedAt: '2026-11-27T02:00:00Z' },
      ],
    });
    expect(merged.map((report) => report.incidentId)).toEqual(['b', 'a']);
    expect(mergedReportsOf(null)).toEqual([]);
  });
});
