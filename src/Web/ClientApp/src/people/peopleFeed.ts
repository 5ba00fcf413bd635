import type { AssessmentLink } from '../live/assessmentFeed';
import type { PeopleStore } from './peopleStore';
import type { AreaPeople, PositionUpdate, PresenceUpdate, TeamUpdate } from './types';

/** The hub's group of an area's positions (Topics.Positions). */
export function positionsTopic(areaCode: string): string {
  return `positions:${areaCode}`;
}

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

  // The snapshot tells who is reachable now, connected a moment ago or not: later changes are pushed.
  const subscribe = async () => {
    try {
      const snapshot = await link.invoke<AreaPeople>('SubscribeAreaPositions', areaCode);
      if (!stopped) {
        store.applySnapshot(snapshot);
      }
    } catch (error) {
      options.onRefused?.(error);
    }
    await options.readRoster?.().catch(() => undefined);
  };

  const stops = [
    link.onPush<PositionUpdate[]>('Positions', (updates) => stopped || store.applyPositions(updates)),
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
    stops.forEach((stop) => stop());
    if (link.status === 'online') {
      // Best effort: a connection that drops leaves its groups anyway.
      void link.invoke('Unsubscribe', positionsTopic(areaCode)).catch(() => undefined);
    }
  };
}
