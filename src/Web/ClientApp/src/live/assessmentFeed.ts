import type { ConnectionStatus } from './liveConnection';

/** The counters of an assessment scope (CounterSet in src/Grains/Assessment); the ones the views read. */
export interface AssessmentCounters {
  reported: number;
  validReports: number;
  registered: number;
  hung: number;
  dueToClose: number;
  closed: number;
  closedOnTime: number;
  dueToHandle: number;
  handled: number;
  handledOnTime: number;
  dispatches: number;
  rework: number;
  overdue: number;
}

/** The headline rates, each 0–1 or null when nothing was due (AssessmentRates). */
export interface AssessmentRates {
  closureRate: number | null;
  onTimeClosureRate: number | null;
  onTimeHandlingRate: number | null;
  dispatchAccuracy: number | null;
  reworkRate: number | null;
  validReportRate: number | null;
  missedReportRate: number | null;
  satisfactionRate: number | null;
}

/** What the hub pushes for a subscribed assessment scope: the current month's figures, whole. */
export interface AssessmentUpdate {
  topic: string;
  scope: 'Area' | 'Unit' | 'Person';
  key: string;
  from: string;
  to: string;
  counters: AssessmentCounters;
  rates: AssessmentRates;
  at: string;
}

/** The part of LiveConnection an assessment watch needs; the unit tests drive a fake. */
export interface AssessmentLink {
  readonly status: ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  onPush<T>(method: string, listener: (payload: T) => void): () => void;
  invoke<T>(method: string, ...args: unknown[]): Promise<T>;
}

/** The hub's group of an area's assessment (AssessmentScope.Topic). */
export function areaAssessmentTopic(areaCode: string): string {
  return `assessment:area:${areaCode}`;
}

/**
 * Watches an area's assessment on the page's hub connection: subscribes whenever the link comes
 * online (a reconnected connection has lost its groups), hands on the subscription's figures and
 * every push for the area, and drops anything older than what it already handed on (a push may
 * overtake the subscription's answer). Returns how to stop, which also leaves the group.
 */
export function watchAreaAssessment(link: AssessmentLink, areaCode: string, onUpdate: (update: AssessmentUpdate) => void): () => void {
  const topic = areaAssessmentTopic(areaCode);
  let stopped = false;
  let newest = Number.NEGATIVE_INFINITY;

  const accept = (update: AssessmentUpdate) => {
    const at = Date.parse(update.at);
    if (stopped || update.topic !== topic || at < newest) {
      return;
    }
    newest = at;
    onUpdate(update);
  };

  const subscribe = async () => {
    try {
      accept(await link.invoke<AssessmentUpdate>('SubscribeAreaAssessment', areaCode));
    } catch {
      // Refused or dropped mid-call: the figures stay as they were, and the next reconnect asks again.
    }
  };

  const stopPushes = link.onPush<AssessmentUpdate>('Assessment', accept);
  const stopStatus = link.onStatus((status) => {
    if (status === 'online' && !stopped) {
      void subscribe();
    }
  });

  return () => {
    stopped = true;
    stopPushes();
    stopStatus();
    if (link.status === 'online') {
      // Best effort: a connection that drops leaves its groups anyway.
      void link.invoke('Unsubscribe', topic).catch(() => undefined);
    }
  };
}
