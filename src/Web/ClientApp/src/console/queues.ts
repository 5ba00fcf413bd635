import type { Role } from '../session/roles';
import type { IncidentState, IncidentSummary } from '../live/types';

/** The work queues of the console (domain.md §6): to register, to dispatch, to check, to close; units handle. */
export type QueueName = 'toRegister' | 'toDispatch' | 'toCheck' | 'toClose' | 'toHandle';

export const queueNames: readonly QueueName[] = ['toRegister', 'toDispatch', 'toCheck', 'toClose', 'toHandle'];

/**
 * Which states put a case in a queue, per role: the states from which that role takes the
 * queue's step (TransitionTable.cs). Intake forwards or rejects fresh reports and may register;
 * the shift leader registers, voids and closes; the dispatcher dispatches; intake sends the grid
 * worker to check; a unit signs, handles, asks for time.
 */
const statesByQueue: Record<QueueName, Partial<Record<Role, readonly IncidentState[]>>> = {
  toRegister: { Intake: ['Reported', 'PendingRegistration'], ShiftLeader: ['PendingRegistration'] },
  toDispatch: { Dispatcher: ['Registered'] },
  toCheck: { Intake: ['Handled'] },
  toClose: { ShiftLeader: ['PendingClose', 'SelfHandled'] },
  toHandle: { UnitHandler: ['Dispatched', 'InProgress', 'Hung'] },
};

export interface QueueDefinition {
  name: QueueName;
  states: ReadonlySet<IncidentState>;
}

/**
 * The queues a role works. The administrator acts on none but watches them all, each with the
 * states of every role that works it.
 */
export function queuesFor(role: Role): QueueDefinition[] {
  const definitions: QueueDefinition[] = [];
  for (const name of queueNames) {
    const byRole = statesByQueue[name];
    const states = role === 'Administrator' ? Object.values(byRole).flat() : (byRole[role] ?? []);
    if (states.length > 0) {
      definitions.push({ name, states: new Set(states) });
    }
  }
  return definitions;
}

export interface Queue extends QueueDefinition {
  cases: IncidentSummary[];
}

const lightRank: Record<string, number> = { Red: 0, Yellow: 1, Green: 2 };

/** Priority of a case within a queue: emergencies (TF) and urgent cases first, then the reddest clock. */
function rank(summary: IncidentSummary): number[] {
  return [
    summary.category === 'TF' ? 0 : 1,
    summary.urgent ? 0 : 1,
    summary.light ? (lightRank[summary.light] ?? 3) : 3,
  ];
}

/** Within a priority, first come first served: the oldest report is at the top. */
export function compareForQueue(a: IncidentSummary, b: IncidentSummary): number {
  const left = rank(a);
  const right = rank(b);
  for (let index = 0; index < left.length; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return a.reportedAt.localeCompare(b.reportedAt) || a.id.localeCompare(b.id);
}

/** The role's queues filled from the live cases; a case moves between queues as its state changes. */
export function deriveQueues(cases: readonly IncidentSummary[], role: Role): Queue[] {
  return queuesFor(role).map((definition) => ({
    ...definition,
    cases: cases.filter((summary) => definition.states.has(summary.state)).sort(compareForQueue),
  }));
}
