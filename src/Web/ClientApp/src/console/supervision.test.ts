import { describe, expect, it } from 'vitest';
import { awaitingSummonsesOf, byUrgency, isOpenState, lightOf, localInput, openOrders, orderStatus, statusOf, summonableGroups, summonedStatus, type Summons, type SupervisionLine } from './supervision';
import { stepBody, stepFields } from './steps';

const hour = 3600_000;
const since = '2026-11-27T00:00:00Z';
const due = '2026-11-27T10:00:00Z';
const at = (hours: number) => Date.parse(since) + hours * hour;

describe('obligation status', () => {
  it('follows the server: owed or done, and whether its time ran out', () => {
    expect([statusOf(true, false), statusOf(true, true), statusOf(false, false), statusOf(false, true)]).toEqual(['Awaiting', 'Overdue', 'Done', 'DoneLate']);
    // Ended with its case in time: owed no more; past its time it stays overdue (missed).
    expect([statusOf(true, false, true), statusOf(true, true, true)]).toEqual(['EndedWithCase', 'Overdue']);
    expect(summonedStatus({ unitId: 'housing', endedAt: due })).toBe('EndedWithCase');
    expect(orderStatus({ orderId: 'order-6', issuedBy: 'leader', instruction: '回复', issuedAt: since, replyBy: due, repliedAt: due, overdue: true })).toBe('DoneLate');
    expect(summonedStatus({ unitId: 'housing' })).toBe('Awaiting');
  });
});

describe('traffic light of a deadline', () => {
  it('is green below 80 % of the time given, yellow from 80 %, red from the due time', () => {
    expect(lightOf('Awaiting', since, due, at(7.99))).toBe('Green');
    expect(lightOf('Awaiting', since, due, at(8))).toBe('Yellow');
    expect(lightOf('Awaiting', since, due, at(10))).toBe('Red');
  });

  it('is red once the node says overdue, and absent once done', () => {
    expect(lightOf('Overdue', since, due, at(1))).toBe('Red');
    expect(lightOf('Done', since, due, at(11))).toBeNull();
    expect(lightOf('DoneLate', since, due, at(11))).toBeNull();
    expect(lightOf('Awaiting', 'not a time', due, at(1))).toBeNull();
  });
});

describe('what may be answered', () => {
  const summonses: Summons[] = [
    { summonsId: 'summons-6', summonedBy: 'gridworker', summonedAt: since, acknowledgeBy: due, reason: '联合处置', units: [{ unitId: 'housing' }, { unitId: 'law-enforcement', acknowledgedAt: since, commitment: '到场' }] },
    { summonsId: 'summons-8', summonedBy: 'leader', summonedAt: since, acknowledgeBy: due, reason: '再次吹哨', units: [{ unitId: 'ecology' }] },
  ];

  it('offers a unit only the summonses awaiting its own acknowledgement', () => {
    expect(awaitingSummonsesOf(summonses, 'housing').map((summons) => summons.summonsId)).toEqual(['summons-6']);
    expect(awaitingSummonsesOf(summonses, 'law-enforcement')).toEqual([]);
    expect(awaitingSummonsesOf(summonses, 'ecology').map((summons) => summons.summonsId)).toEqual(['summons-8']);
    expect(awaitingSummonsesOf(summonses, null)).toEqual([]);
    expect(awaitingSummonsesOf(undefined, 'housing')).toEqual([]);
  });

  it('offers a reply only to orders awaiting one', () => {
    const orders = [
      { orderId: 'order-6', issuedBy: 'leader', instruction: '甲', issuedAt: since, replyBy: due, repliedAt: due },
      { orderId: 'order-7', issuedBy: 'leader', instruction: '乙', issuedAt: since, replyBy: due },
    ];
    expect(openOrders(orders).map((order) => order.orderId)).toEqual(['order-7']);
  });

  it('knows which cases are still open', () => {
    expect(['InProgress', 'Reported', 'Hung'].every(isOpenState)).toBe(true);
    expect(['Closed', 'Rejected', 'Voided'].some(isOpenState)).toBe(false);
  });
});

describe('queues', () => {
  it('put overdue first, then awaiting, then done, each by due time', () => {
    const line = (orderId: string, status: SupervisionLine['status'], replyBy: string): SupervisionLine =>
      ({ incidentId: 'a', orderId, instruction: '', issuedAt: since, replyBy, status, gridCode: '', title: '' });
    const lines = [line('1', 'Done', '2026-11-27T01:00:00Z'), line('2', 'Awaiting', '2026-11-28T00:00:00Z'), line('3', 'Overdue', '2026-11-29T00:00:00Z'), line('4', 'Awaiting', '2026-11-27T12:00:00Z')];
    expect(lines.sort(byUrgency((item) => item.replyBy)).map((item) => item.orderId)).toEqual(['3', '4', '2', '1']);
  });
});

describe('summon form', () => {
  const units = [
    { id: 'housing', kind: 'DistrictDepartment', name: '住建局' },
    { id: 'team-1', kind: 'FieldTeam', name: '执法一队' },
    { id: 'street-510802001', kind: 'StreetOffice', name: '东坝街道办' },
    { id: 'ecology', kind: 'DistrictDepartment', name: '生态环境局' },
  ];

  it('offers departments then street offices, never field teams, and narrows by name or id', () => {
    const groups = summonableGroups(units, '', (unit) => unit.name);
    expect(groups.map((group) => [group.kind, group.units.map((unit) => unit.id)])).toEqual([
      ['DistrictDepartment', ['ecology', 'housing']],
      ['StreetOffice', ['street-510802001']],
    ]);
    expect(summonableGroups(units, '住建', (unit) => unit.name).flatMap((group) => group.units.map((unit) => unit.id))).toEqual(['housing']);
    expect(summonableGroups(units, 'ECO', (unit) => unit.name).flatMap((group) => group.units.map((unit) => unit.id))).toEqual(['ecology']);
    expect(summonableGroups(units, '队', (unit) => unit.name)).toEqual([]);
  });

  it('sends the chosen departments as a list, with the time and the reason', () => {
    expect(stepFields('summon').map((field) => [field.name, field.kind])).toEqual([['unitIds', 'units'], ['acknowledgeBy', 'datetime'], ['reason', 'textarea']]);
    const body = stepBody('summon', { unitIds: ['housing', 'ecology'], acknowledgeBy: '2026-11-27T09:30', reason: ' 联合处置 ' });
    expect(body).toEqual({ unitIds: ['housing', 'ecology'], acknowledgeBy: new Date('2026-11-27T09:30').toISOString(), reason: '联合处置' });
    expect(stepBody('summon', { unitIds: [], acknowledgeBy: '', reason: '' })).toEqual({});
  });

  it('writes a datetime-local value the input reads back as the same minute', () => {
    const instant = new Date(2026, 10, 27, 9, 5).getTime();
    expect(localInput(instant)).toBe('2026-11-27T09:05');
    expect(new Date(localInput(instant)).getTime()).toBe(instant);
  });
});
