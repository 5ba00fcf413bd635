import { describe, expect, it } from 'vitest';
import { headlineClock, leadUnitOf, photoIds, type IncidentEvent, type IncidentRecord } from './details';

function event(version: number, attachments: string[]): IncidentEvent {
  return { version, command: 'Handle', from: 'InProgress', to: 'Handled', actorUserId: 'u', actorRole: 'UnitHandler', actorUnitId: 'x', at: '2026-11-26T08:00:00Z', reason: null, attachments };
}

describe('case details', () => {
  it('lists the photos of the report and of each step once, in order, and nothing else', () => {
    const incident = { reportAttachments: ['photo/p1', 'doc/contract'] } as unknown as IncidentRecord;

    expect(photoIds(incident, [event(2, ['photo/p2', 'photo/p1']), event(3, [])])).toEqual(['p1', 'p2']);
  });

  it('resolves the territory to the street office of the grid', () => {
    expect(leadUnitOf('law-enforcement', '510802002003003')).toBe('law-enforcement');
    expect(leadUnitOf('territory', '510802002003003')).toBe('street-510802002');
    expect(leadUnitOf(null, '510802002003003')).toBeNull();
  });

  it('judges a case by its reddest clock, then its earliest due time', () => {
    expect(
      headlineClock([
        { kind: 'Dispatch', dueAt: '2026-11-26T09:00:00Z', colour: 'Green' },
        { kind: 'Handling', dueAt: '2026-11-27T09:00:00Z', colour: 'Yellow' },
        { kind: 'Register', dueAt: '2026-11-26T08:00:00Z', colour: 'Green' },
      ])?.kind,
    ).toBe('Handling');
    expect(headlineClock([])).toBeNull();
  });

  it('orders deadlines by instant whatever offset each was written with', () => {
    expect(
      headlineClock([
        { kind: 'SupervisionReply', dueAt: '2026-11-30T04:14:00+00:00', colour: 'Green' },
        { kind: 'Handling', dueAt: '2026-11-30T09:00:00+08:00', colour: 'Green' },
      ])?.kind,
    ).toBe('Handling');
  });
});
