import { describe, expect, it } from 'vitest';
import { defaultTeam, distanceText, keptTeam, noTeam, recommendationPath, withTeam, type TeamRecommendation } from './dispatch';

const team = (rank: number, teamId: string, selectable = true): TeamRecommendation => ({
  rank,
  teamId,
  name: { zhCn: teamId, en: teamId },
  status: selectable ? 'Available' : 'OutOfService',
  distanceMetres: rank * 100,
  load: 0,
  selectable,
  reasons: [],
});

describe('dispatch recommendation', () => {
  it('starts on rank 1, skips a team out of service, and offers no team when none may be chosen', () => {
    expect(defaultTeam([team(2, 'far'), team(1, 'near')])).toBe('near');
    expect(defaultTeam([team(1, 'resting', false), team(2, 'far')])).toBe('far');
    expect(defaultTeam([team(1, 'resting', false)])).toBe(noTeam);
    expect(defaultTeam([])).toBe(noTeam);
  });

  it('keeps the chosen team across a new ranking while it may still be chosen, and keeps "no team"', () => {
    const teams = [team(1, 'near'), team(2, 'far'), team(3, 'resting', false)];
    expect(keptTeam('far', teams)).toBe('far');
    expect(keptTeam('gone', teams)).toBe('near');
    expect(keptTeam('resting', teams)).toBe('near');
    expect(keptTeam(noTeam, teams)).toBe(noTeam);
  });

  it('adds the chosen team to the dispatch body only when it is in the ranking shown', () => {
    const teams = [team(1, 'near'), team(2, 'far')];
    expect(withTeam({ reason: 'x' }, 'far', teams)).toEqual({ reason: 'x', teamId: 'far' });
    expect(withTeam({ teamId: 'stale' }, noTeam, teams)).toEqual({});
    // A team of the unit chosen before the unit changed is never sent with the new unit.
    expect(withTeam({ unitId: 'fire' }, 'police-patrol-team', teams)).toEqual({ unitId: 'fire' });
  });

  it('asks for the lead unit by default and for a named unit when one is chosen', () => {
    expect(recommendationPath('0196a0c5-0000-7000-8000-000000000001', null)).toBe('/api/incidents/0196a0c5-0000-7000-8000-000000000001/team-recommendation');
    expect(recommendationPath('abc', 'fire station')).toBe('/api/incidents/abc/team-recommendation?unitId=fire%20station');
  });

  it('shows metres below a kilometre and kilometres with one decimal above', () => {
    expect(distanceText(0)).toBe('0 m');
    expect(distanceText(556)).toBe('556 m');
    expect(distanceText(2224)).toBe('2.2 km');
    expect(distanceText(null)).toBeNull();
  });
});
