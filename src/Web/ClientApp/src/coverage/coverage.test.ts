import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { areaCoverageUrl, cellCount, coveragePercent, emptyCoverage, nextCoverageState, personCoverageUrl, workerShare, type AreaCoverage } from './coverage';

const community = '510802002003';
const reading: AreaCoverage = {
  area: community,
  name: '社区',
  from: '2026-11-27',
  to: '2026-11-28',
  cellMetres: 20,
  cells: 400,
  visitedCells: 3,
  coverage: 0.008,
  truncated: false,
  grids: [],
  workers: [
    { userId: 'gw-a', grid: `${community}001`, visitedCells: 2, coverage: 0.01 },
    { userId: 'gw-b', grid: `${community}001`, visitedCells: 1, coverage: 0.005 },
    { userId: 'gw-b', grid: `${community}002`, visitedCells: 1, coverage: 0.02 },
  ],
};

describe('coverage readings', () => {
  it('asks for today in Asia/Shanghai, which is already tomorrow in UTC after 16:00', () => {
    const evening = new Date('2026-11-26T17:30:00Z');
    expect(areaCoverageUrl(community, evening)).toBe(`/api/assessment/coverage/areas/${community}?from=2026-11-27&to=2026-11-28`);
    expect(personCoverageUrl('gw a/b', evening)).toBe('/api/assessment/coverage/people/gw%20a%2Fb?from=2026-11-27&to=2026-11-28');
  });

  it('formats a share as a percentage with at most one decimal', () => {
    expect(coveragePercent(0.123, 'en')).toBe('12.3%');
    expect(coveragePercent(0.5, 'zh-CN')).toBe('50%');
    expect(coveragePercent(0.0625, 'en')).toBe('6.3%');
    expect(coveragePercent(0, 'en')).toBe('0%');
    expect(cellCount(2396543, 'zh-CN')).toBe('2,396,543');
    expect(cellCount(252, 'en')).toBe('252');
  });

  it('finds a worker by id, preferring the grid they are homed in now', () => {
    expect(workerShare(reading, { kind: 'Worker', id: 'gw-a', homeArea: `${community}001` })?.coverage).toBe(0.01);
    expect(workerShare(reading, { kind: 'Worker', id: 'gw-b', homeArea: `${community}002` })?.coverage).toBe(0.02);
    expect(workerShare(reading, { kind: 'Worker', id: 'gw-b', homeArea: null })?.grid).toBe(`${community}001`);
  });

  it('gives a worker of one of the area grids without fixes today 0, and nothing to a team, an outsider or before a reading', () => {
    expect(workerShare(reading, { kind: 'Worker', id: 'gw-idle', homeArea: `${community}005` })).toEqual({ userId: 'gw-idle', grid: `${community}005`, visitedCells: 0, coverage: 0 });
    expect(workerShare(reading, { kind: 'Worker', id: 'gw-far', homeArea: '510802009001001' })).toBeNull();
    expect(workerShare(reading, { kind: 'Worker', id: 'gw-street', homeArea: '510802002' })).toBeNull();
    expect(workerShare(reading, { kind: 'Team', id: 'gw-a', homeArea: `${community}001` })).toBeNull();
    expect(workerShare(null, { kind: 'Worker', id: 'gw-a', homeArea: `${community}001` })).toBeNull();
  });

  it('turns a 404 into "nothing recorded", a 403 into "refused", and keeps the last reading as stale on any other failure', () => {
    const read = nextCoverageState(emptyCoverage, { value: reading });
    expect(read).toEqual({ reading, missing: false, refused: false, stale: false });
    expect(nextCoverageState(read, { error: new ApiError({ status: 404 }) })).toEqual({ reading: null, missing: true, refused: false, stale: false });
    expect(nextCoverageState(read, { error: new ApiError({ status: 403 }) })).toEqual({ reading: null, missing: false, refused: true, stale: false });
    expect(nextCoverageState(read, { error: new ApiError({ status: 0 }) })).toEqual({ reading, missing: false, refused: false, stale: true });
    expect(nextCoverageState(read, { error: new Error('boom') })).toEqual({ reading, missing: false, refused: false, stale: true });
  });
});
