import { describe, expect, it } from 'vitest';
import { rolesOf, workplaceOfUser, workplacesOf } from './roles';

describe('workplaces', () => {
  it('keeps the wall as a leader’s home and admits them to the console too', () => {
    expect(workplaceOfUser({ role: 'Leader' })).toBe('wall');
    expect(workplacesOf('Leader')).toEqual(['wall', 'console']);
    expect(rolesOf('console')).toContain('Leader');
    expect(rolesOf('wall')).toEqual(['Leader']);
  });

  it('admits no one else to a second workplace', () => {
    expect(workplacesOf('Intake')).toEqual(['console']);
    expect(workplacesOf('GridWorker')).toEqual(['worker']);
    expect(rolesOf('worker')).toEqual(['GridWorker']);
    expect(rolesOf('console')).not.toContain('GridWorker');
  });
});
