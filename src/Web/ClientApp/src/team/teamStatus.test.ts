import { describe, expect, it } from 'vitest';
import { allowedFrom, choicesOf, isNewer, overstays, refusedChoices, statusName, type LocalStatus, type TeamView } from './teamStatus';

const view = (overrides: Partial<TeamView> = {}): TeamView => ({
  teamId: 'law-enforcement-team-1',
  unitId: 'law-enforcement',
  status: 'Dispatched',
  since: '2025-06-01T08:00:00Z',
  overstaysAt: '2025-06-01T08:05:00Z',
  warning: false,
  warnings: 0,
  history: [],
  ...overrides,
});

describe('allowedFrom', () => {
  it('offers the steps TeamStatusRules allows, in its order', () => {
    expect(allowedFrom('Available')).toEqual(['Dispatched', 'OutOfService']);
    expect(allowedFrom('Dispatched')).toEqual(['EnRoute', 'Available', 'OutOfService']);
    expect(allowedFrom('EnRoute')).toEqual(['OnScene', 'Returning', 'Available']);
    expect(allowedFrom('OutOfService')).toEqual(['Available']);
  });
});

describe('isNewer', () => {
  it('takes a later change, and a warning within the same stay', () => {
    expect(isNewer(null, view())).toBe(true);
    expect(isNewer(view(), view({ status: 'EnRoute', since: '2025-06-01T08:02:00Z' }))).toBe(true);
    expect(isNewer(view(), view({ warning: true, warnings: 1 }))).toBe(true);
  });

  it('refuses a push older than what the page holds, or the same again', () => {
    const moved = view({ status: 'EnRoute', since: '2025-06-01T08:02:00Z', warnings: 1 });
    expect(isNewer(moved, view({ warning: true, warnings: 1 }))).toBe(false);
    expect(isNewer(moved, moved)).toBe(false);
    expect(isNewer(view({ warning: true, warnings: 1 }), view())).toBe(false);
  });

  it('orders a team never changed (no since) before any change', () => {
    expect(isNewer(view({ status: 'Available', since: null, overstaysAt: null }), view())).toBe(true);
    expect(isNewer(view(), view({ status: 'Available', since: null }))).toBe(false);
  });
});

describe('overstays', () => {
  it('is true when the server warned or the instant has passed', () => {
    const at = Date.parse('2025-06-01T08:05:00Z');
    expect(overstays(view(), at - 1)).toBe(false);
    expect(overstays(view(), at)).toBe(true);
    expect(overstays(view({ warning: true }), at - 60000)).toBe(true);
    expect(overstays(view({ overstaysAt: null }), at + 1e9)).toBe(false);
  });
});

const training: LocalStatus = { code: 'Training', name: { zhCn: '训练', en: 'Training' } };
const maintenance: LocalStatus = { code: 'VehicleMaintenance', name: { zhCn: '车辆检修', en: 'Vehicle maintenance' } };

describe('choicesOf', () => {
  it('offers the server\'s choices, local names included, in its order', () => {
    const choices = [
      { status: 'Available' as const, localStatus: null, value: 'Available' },
      { status: 'OutOfService' as const, localStatus: maintenance, value: 'VehicleMaintenance' },
    ];
    expect(choicesOf(view({ status: 'OutOfService', localStatus: training, choices }))).toEqual(choices);
  });

  it('falls back to the rules under canonical names when the server sends no choices', () => {
    expect(choicesOf(view({ status: 'Available' }))).toEqual([
      { status: 'Dispatched', localStatus: null, value: 'Dispatched' },
      { status: 'OutOfService', localStatus: null, value: 'OutOfService' },
    ]);
  });
});

describe('refusedChoices', () => {
  it('takes a refusal\'s choices, else its canonical steps, and drops what it cannot read', () => {
    expect(refusedChoices({ choices: [{ status: 'OutOfService', localStatus: training, value: 'Training' }, { status: 'Flying', value: 'Flying' }], allowed: ['Available'] }))
      .toEqual([{ status: 'OutOfService', localStatus: training, value: 'Training' }]);
    expect(refusedChoices({ allowed: ['Dispatched', 'Nowhere'] })).toEqual([{ status: 'Dispatched', localStatus: null, value: 'Dispatched' }]);
    expect(refusedChoices({})).toEqual([]);
  });
});

describe('statusName', () => {
  const canonical = (status: string) => `canonical:${status}`;

  it('reads the local name in the page\'s language, else the canonical label', () => {
    expect(statusName('OutOfService', maintenance, 'zh-CN', canonical)).toBe('车辆检修');
    expect(statusName('OutOfService', maintenance, 'en', canonical)).toBe('Vehicle maintenance');
    expect(statusName('OutOfService', null, 'en', canonical)).toBe('canonical:OutOfService');
    expect(statusName('Available', undefined, 'zh-CN', canonical)).toBe('canonical:Available');
  });
});
