import type { AssessmentLink } from '../live/assessmentFeed';
import type { PeopleStore } from './peopleStore';
import type { AreaPeople, PositionUpdate, PresenceUpdate, TeamUpdate } from './types';

/** The hub's group of an area's positions (Topics.Positions). */
export function positionsTopic(areaCode: string): string {
  return `positions:${areaCode}`;
}

/**
 * How long after a push that brings someone whose presence is unknown the snapshot is asked
 * again: enough for the position writer (which flushes every 2 s) to have stored the fix the
 * snapshot is built from.
 */
export const presenceResyncDelayMs = 3_000;

export interface PeopleFeedOptions {
  /** Reads the area's teams (their status now); called whenever the link comes online, since pushes were lost meanwhile. */
  readRoster?: () => Promise<void>;
  /** The hub refused the subscription (a role that may not see positions). */
  onRefused?: (error: unknown) => void;
}

/**
 * Watches an area's people on the page's hub connection: subscribes to its positions whenever
 * the link comes online (a reconnected connection has lost its groups) and merges the snapshot,
 * then every Positions, Presence and Teams push, into the store. Team pushes come with the area's
 * case subscription (SubscribeArea), which the view holds anyway. Returns how to stop.
 */
export function watchAreaPeople(link: AssessmentLink, areaCode: string, store: PeopleStore, options: PeopleFeedOptions = {}): () => void {
  let stopped = false;
  let resync: ReturnType<typeof setTimeout> | null = null;
  // Subjects a resync was asked for once: one that the snapshot does not tell about either is not asked for again.
  const askedAbout = new Set<string>();

  const readSnapshot = async () => {
    try {
      const snapshot = await link.invoke<AreaPeople>('SubscribeAreaPositions', areaCode);
      if (!stopped) {
        store.applySnapshot(snapshot);
      }
    } catch (error) {
      options.onRefused?.(error);
    }
  };

  const subscribe = async () => {
    askedAbout.clear();
    await readSnapshot();
    await options.readRoster?.().catch(() => undefined);
  };

  /**
   * Presence is pushed only when it changes, so someone who connected before this page subscribed,
   * and whose first fix was not yet stored for the snapshot, arrives by a Positions push alone.
   * The snapshot, asked again a little later, tells whether they are reachable.
   */
  const resyncFor = (updates: readonly PositionUpdate[]) => {
    const unknown = updates.filter((update) => !store.get(update.subject.key)?.presence && !askedAbout.has(update.subject.key));
    if (unknown.length === 0 || stopped) {
      return;
    }
    unknown.forEach((update) => askedAbout.add(update.subject.key));
    resync ??= setTimeout(() => {
      resync = null;
      if (!stopped && link.status === 'online') {
        void readSnapshot();
      }
    }, presenceResyncDelayMs);
  };

  const stops = [
    link.onPush<PositionUpdate[]>('Positions', (updates) => {
      if (!stopped) {
        store.applyPositions(updates);
        resyncFor(updates);
      }
    }),
    link.onPush<PresenceUpdate[]>('Presence', (updates) => stopped || store.applyPresence(updates)),
    link.onPush<TeamUpdate[]>('Teams', (updates) => stopped || store.applyTeams(updates)),
    link.onStatus((status) => {
      if (status === 'online' && !stopped) {
        void subscribe();
      }
    }),
  ];

  return () => {
    stopped = true;
    if (resync !== null) {
      clearTimeout(resync);
    }
    stops.forEach((stop) => stop());
    if (link.status === 'online') {
      // Best effort: a connection that drops leaves its groups anyway.
      void link.invoke('Unsubscribe', positionsTopic(areaCode)).catch(() => undefined);
    }
  };
}
