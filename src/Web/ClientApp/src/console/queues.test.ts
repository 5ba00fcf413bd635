import { describe, expect, it } from 'vitest';
import { summary } from '../live/testing';
import { deriveQueues, queuesFor } from './queues';

describe('work queues', () => {
  it('gives each role the queues of the steps it takes', () => {
    expect(queuesFor('Intake').map((queue) => queue.name)).toEqual(['toRegister', 'toCheck']);
    expect(queuesFor('ShiftLeader').map((queue) => queue.name)).toEqual(['toRegister', 'toClose']);
    expect(queuesFor('Dispatcher').map((queue) => queue.name)).toEqual(['toDispatch']);
    expect(queuesFor('UnitHandler').map((queue) => queue.name)).toEqual(['toHandle']);
    expect(queuesFor('Administrator').map((queue) => queue.name)).toEqual(['toRegister', 'toDispatch', 'toCheck', 'toClose', 'toHandle']);
    expect(queuesFor('GridWorker')).toEqual([]);
  });

  it('puts a case in the queue its state and the role call for', () => {
    const cases = [
      summary('a', 1, { state: 'Reported' }),
      summary('b', 1, { state: 'PendingRegistration' }),
      summary('c', 1, { state: 'Registered' }),
      summary('d', 1, { state: 'Handled' }),
      summary('e', 1, { state: 'PendingClose' }),
      summary('f', 1, { state: 'Checking' }),
    ];
    const ids = (role: Parameters<typeof deriveQueues>[1]) =>
      Object.fromEntries(deriveQueues(cases, role).map((queue) => [queue.name, queue.cases.map((item) => item.id)]));

    expect(ids('Intake')).toEqual({ toRegister: ['a', 'b'], toCheck: ['d'] });
    expect(ids('ShiftLeader')).toEqual({ toRegister: ['b'], toClose: ['e'] });
    expect(ids('Dispatcher')).toEqual({ toDispatch: ['c'] });
  });

  it('moves a case from one queue to the next when a delta changes its state', () => {
    const before = deriveQueues([summary('a', 1, { state: 'Registered' })], 'Administrator');
    const after = deriveQueues([summary('a', 2, { state: 'Dispatched' })], 'Administrator');
    const where = (queues: typeof before) => queues.filter((queue) => queue.cases.length > 0).map((queue) => queue.name);

    expect(where(before)).toEqual(['toDispatch']);
    expect(where(after)).toEqual(['toHandle']);
  });

  it('puts emergencies, then urgent cases, then red clocks first, and otherwise the oldest report', () => {
    const cases = [
      summary('old', 1, { state: 'Registered', reportedAt: '2026-11-26T07:00:00Z' }),
      summary('new', 1, { state: 'Registered', reportedAt: '2026-11-26T09:00:00Z' }),
      summary('red', 1, { state: 'Registered', reportedAt: '2026-11-26T10:00:00Z', light: 'Red' }),
      summary('urgent', 1, { state: 'Registered', reportedAt: '2026-11-26T11:00:00Z', urgent: true }),
      summary('emergency', 1, { state: 'Registered', reportedAt: '2026-11-26T12:00:00Z', category: 'TF' }),
    ];

    const [queue] = deriveQueues(cases, 'Dispatcher');

    expect(queue?.cases.map((item) => item.id)).toEqual(['emergency', 'urgent', 'red', 'old', 'new']);
  });
});
