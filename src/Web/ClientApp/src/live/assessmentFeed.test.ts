import { describe, expect, it } from 'vitest';
import { watchAreaAssessment, type AssessmentLink, type AssessmentUpdate } from './assessmentFeed';
import type { ConnectionStatus } from './liveConnection';

function update(key: string, closed: number, at: string): AssessmentUpdate {
  return {
    topic: `assessment:area:${key}`,
    scope: 'Area',
    key,
    from: '2026-11-01',
    to: '2026-12-01',
    counters: { reported: 0, validReports: 0, registered: 0, hung: 0, dueToClose: 0, closed, closedOnTime: 0, dueToHandle: 0, handled: 0, handledOnTime: 0, dispatches: 0, rework: 0, overdue: 0 },
    rates: { closureRate: null, onTimeClosureRate: null, onTimeHandlingRate: null, dispatchAccuracy: null, reworkRate: null, validReportRate: null, missedReportRate: null, satisfactionRate: null },
    at,
  };
}

/** The connection as an assessment watch sees it: a status, pushes by method, and calls it answers. */
class FakeLink implements AssessmentLink {
  status: ConnectionStatus = 'connecting';
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  answer: AssessmentUpdate = update('510802', 0, '2026-11-26T08:00:00Z');
  readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  readonly pushListeners = new Set<(payload: AssessmentUpdate) => void>();

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }
  onPush<T>(method: string, listener: (payload: T) => void): () => void {
    expect(method).toBe('Assessment');
    const added = listener as unknown as (payload: AssessmentUpdate) => void;
    this.pushListeners.add(added);
    return () => this.pushListeners.delete(added);
  }
  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    this.calls.push({ method, args });
    return Promise.resolve(structuredClone(this.answer) as T);
  }
  set(status: ConnectionStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) {
      listener(status);
    }
  }
  push(payload: AssessmentUpdate): void {
    for (const listener of this.pushListeners) {
      listener(payload);
    }
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('watchAreaAssessment', () => {
  it('subscribes when the link comes online and again after every reconnect', async () => {
    const link = new FakeLink();
    const heard: number[] = [];
    watchAreaAssessment(link, '510802', (figures) => heard.push(figures.counters.closed));
    expect(link.calls).toEqual([]);
    link.set('online');
    await settle();
    link.set('reconnecting');
    link.answer = update('510802', 4, '2026-11-26T08:10:00Z');
    link.set('online');
    await settle();
    expect(link.calls.map((call) => [call.method, ...call.args])).toEqual([
      ['SubscribeAreaAssessment', '510802'],
      ['SubscribeAreaAssessment', '510802'],
    ]);
    expect(heard).toEqual([0, 4]);
  });

  it('hands on pushes for its own area only, and never an older one after a newer', async () => {
    const link = new FakeLink();
    link.status = 'online';
    const heard: number[] = [];
    watchAreaAssessment(link, '510802', (figures) => heard.push(figures.counters.closed));
    await settle();
    link.push(update('510802001', 9, '2026-11-26T08:00:05Z'));
    link.push(update('510802', 2, '2026-11-26T08:00:06Z'));
    link.push(update('510802', 1, '2026-11-26T08:00:04Z'));
    link.push(update('510802', 3, '2026-11-26T08:00:07Z'));
    expect(heard).toEqual([0, 2, 3]);
  });

  it('stops hearing, leaves its group and drops its listeners when stopped', async () => {
    const link = new FakeLink();
    link.status = 'online';
    const heard: number[] = [];
    const stop = watchAreaAssessment(link, '510802', (figures) => heard.push(figures.counters.closed));
    await settle();
    stop();
    link.push(update('510802', 5, '2026-11-26T09:00:00Z'));
    link.set('reconnecting');
    link.set('online');
    expect(heard).toEqual([0]);
    expect(link.pushListeners.size).toBe(0);
    expect(link.statusListeners.size).toBe(0);
    expect(link.calls.at(-1)).toEqual({ method: 'Unsubscribe', args: ['assessment:area:510802'] });
  });
});
