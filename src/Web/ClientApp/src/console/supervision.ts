import type { ClockColour } from '../live/types';

/**
 * Supervision orders (督办) and summonses (吹哨报到) as the node sends them: on the case
 * (SupervisionOrder, Summons of src/Grains/Supervision/SupervisionModel.cs) and in the queues
 * (SupervisionLine, SummonsLine, SummonsTally of SupervisionQueues.cs).
 */

/** Where an order or a summoned department stands (ObligationStatus). */
/** Where something owed stands; EndedWithCase: its case finished while it was owed, in time (owed no more). */
export type ObligationStatus = 'Awaiting' | 'Overdue' | 'Done' | 'DoneLate' | 'EndedWithCase';

export interface SupervisionOrder {
  orderId: string;
  issuedBy: string;
  instruction: string;
  issuedAt: string;
  replyBy: string;
  repliedAt?: string | null;
  repliedBy?: string | null;
  reply?: string | null;
  overdue?: boolean;
  endedAt?: string | null;
}

export interface SummonedUnit {
  unitId: string;
  acknowledgedAt?: string | null;
  acknowledgedBy?: string | null;
  commitment?: string | null;
  overdue?: boolean;
  endedAt?: string | null;
}

export interface Summons {
  summonsId: string;
  summonedBy: string;
  summonedAt: string;
  acknowledgeBy: string;
  reason: string;
  units: SummonedUnit[];
}

/** One order in the queue of the leader who issued it (GET /api/supervision). */
export interface SupervisionLine {
  incidentId: string;
  orderId: string;
  instruction: string;
  issuedAt: string;
  replyBy: string;
  status: ObligationStatus;
  repliedAt?: string | null;
  reply?: string | null;
  gridCode: string;
  title: string;
}

/** One summons of a department (GET /api/units/{id}/summonses). */
export interface SummonsLine {
  incidentId: string;
  summonsId: string;
  unitId: string;
  reason: string;
  summonedAt: string;
  acknowledgeBy: string;
  status: ObligationStatus;
  acknowledgedAt?: string | null;
  commitment?: string | null;
  gridCode: string;
  title: string;
}

/** What is counted against a department (SummonsTally). */
export interface SummonsTally {
  summoned: number;
  awaiting: number;
  acknowledgedOnTime: number;
  acknowledgedLate: number;
  overdue: number;
  endedWithCase: number;
}

export interface SummonsQueue {
  unitId: string;
  tally: SummonsTally;
  summonses: SummonsLine[];
}

/**
 * The server's rule (SupervisionQueues.StatusOf): owed or done, whether its time ran out, and
 * whether its case finished while it was still owed in time.
 */
export function statusOf(owed: boolean, overdue: boolean, ended = false): ObligationStatus {
  if (owed) {
    return overdue ? 'Overdue' : ended ? 'EndedWithCase' : 'Awaiting';
  }
  return overdue ? 'DoneLate' : 'Done';
}

export function orderStatus(order: SupervisionOrder): ObligationStatus {
  return statusOf(!order.repliedAt, order.overdue === true, !!order.endedAt);
}

export function summonedStatus(unit: SummonedUnit): ObligationStatus {
  return statusOf(!unit.acknowledgedAt, unit.overdue === true, !!unit.endedAt);
}

/**
 * The traffic light of something owed, as the clocks colour a step (domain.md §3): green below 80 %
 * of the time given, yellow from 80 %, red from its due time, and red once the node marked it
 * overdue (the node's word wins over this page's clock). Done items have no light.
 */
export function lightOf(status: ObligationStatus, since: string, dueAt: string, now: number): ClockColour | null {
  if (status === 'Done' || status === 'DoneLate' || status === 'EndedWithCase') {
    return null;
  }
  if (status === 'Overdue') {
    return 'Red';
  }
  const start = Date.parse(since);
  const due = Date.parse(dueAt);
  if (Number.isNaN(start) || Number.isNaN(due)) {
    return null;
  }
  if (now >= due) {
    return 'Red';
  }
  const span = due - start;
  return span > 0 && (now - start) / span >= 0.8 ? 'Yellow' : 'Green';
}

/** The orders still awaiting a reply: the only ones a reply may name. */
export function openOrders(orders: readonly SupervisionOrder[] | undefined): SupervisionOrder[] {
  return (orders ?? []).filter((order) => !order.repliedAt && !order.endedAt);
}

/** The summonses awaiting this unit's acknowledgement: the only ones it may report in to. */
export function awaitingSummonsesOf(summonses: readonly Summons[] | undefined, unitId: string | null | undefined): Summons[] {
  if (!unitId) {
    return [];
  }
  return (summonses ?? []).filter((summons) => summons.units.some((unit) => unit.unitId === unitId && !unit.acknowledgedAt && !unit.endedAt));
}

const statusRank: Record<ObligationStatus, number> = { Overdue: 0, Awaiting: 1, Done: 2, DoneLate: 2, EndedWithCase: 2 };

/** What is still owed first (overdue before awaiting), then by due time: the queues' own order, kept on the page. */
export function byUrgency<T extends { status: ObligationStatus }>(due: (line: T) => string): (a: T, b: T) => number {
  return (a, b) => statusRank[a.status] - statusRank[b.status] || due(a).localeCompare(due(b));
}

/** The largest number of departments one summons may name (SupervisionRules.MostUnitsSummoned). */
export const mostUnitsSummoned = 10;

/** A `datetime-local` value for an instant in the page's own time zone (the forms start a little ahead). */
export function localInput(instant: number): string {
  const time = new Date(instant);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}T${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

/** A unit as the picker needs it (UnitInfo of reference.ts). */
interface PickableUnit {
  id: string;
  kind: string;
}

/**
 * The units a summons may name, grouped for the picker: district departments, then street
 * offices, each by name. Field teams report through their department and are left out. A filter
 * keeps the units whose name or id holds it.
 */
export function summonableGroups<T extends PickableUnit>(units: readonly T[], filter: string, nameOf: (unit: T) => string): { kind: string; units: T[] }[] {
  const wanted = filter.trim().toLowerCase();
  const matches = (unit: T) => wanted === '' || nameOf(unit).toLowerCase().includes(wanted) || unit.id.includes(wanted);
  return ['DistrictDepartment', 'StreetOffice']
    .map((kind) => ({
      kind,
      units: units.filter((unit) => unit.kind === kind && matches(unit)).sort((a, b) => nameOf(a).localeCompare(nameOf(b), 'zh-CN')),
    }))
    .filter((group) => group.units.length > 0);
}

/** Whether a case is still open (IncidentStateExtensions.IsOpen): orders and summonses are for open cases only. */
export function isOpenState(state: string): boolean {
  return state !== 'Closed' && state !== 'Rejected' && state !== 'Voided';
}
