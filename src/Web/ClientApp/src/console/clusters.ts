import Supercluster, { type PointFeature } from 'supercluster';
import type { IncidentState, IncidentSummary } from '../live/types';

/** How a case stands out on the map: emergencies (category TF) above urgent cases above the rest. */
export type Priority = 'emergency' | 'urgent' | 'normal';

export function priorityOf(summary: Pick<IncidentSummary, 'category' | 'urgent'>): Priority {
  return summary.category === 'TF' ? 'emergency' : summary.urgent ? 'urgent' : 'normal';
}

/** The stages of the loop a marker's fill shows (the legend lists them). */
export type Stage = 'intake' | 'registration' | 'handling' | 'hung' | 'checking' | 'closing';

const stageOf: Record<IncidentState, Stage> = {
  Reported: 'intake',
  Verifying: 'intake',
  SelfHandled: 'closing',
  PendingRegistration: 'registration',
  Registered: 'registration',
  Dispatched: 'handling',
  InProgress: 'handling',
  Hung: 'hung',
  Handled: 'checking',
  Checking: 'checking',
  PendingClose: 'closing',
  Closed: 'closing',
  Rejected: 'closing',
  Voided: 'closing',
};

/**
 * Fill per stage: each at least 3:1 against the light grid fill and the white map background
 * (WCAG 1.4.11), and told apart by the legend's words too, never by colour alone.
 */
export const stageColours: Record<Stage, string> = {
  intake: '#c2410c',
  registration: '#1d4ed8',
  handling: '#6d28d9',
  hung: '#4b5563',
  checking: '#047857',
  closing: '#0f766e',
};

export const stages: readonly Stage[] = ['intake', 'registration', 'handling', 'hung', 'checking', 'closing'];

export function stageFor(state: IncidentState): Stage {
  return stageOf[state];
}

export interface MarkerStyle {
  fill: string;
  ring: string;
  ringWeight: number;
  radius: number;
}

/** The marker of a case: fill by stage, ring and size by priority (so priority shows without colour). */
export function markerStyle(summary: Pick<IncidentSummary, 'state' | 'category' | 'urgent'>): MarkerStyle {
  const fill = stageColours[stageFor(summary.state)];
  switch (priorityOf(summary)) {
    case 'emergency':
      return { fill, ring: '#a4161a', ringWeight: 4, radius: 11 };
    case 'urgent':
      return { fill, ring: '#111827', ringWeight: 3, radius: 9 };
    default:
      return { fill, ring: '#ffffff', ringWeight: 1, radius: 6 };
  }
}

interface CaseProperties {
  id: string;
  priority: Priority;
}

interface ClusterTally {
  emergencies: number;
  urgent: number;
}

export type MapItem =
  | { kind: 'case'; id: string; longitude: number; latitude: number }
  | { kind: 'cluster'; clusterId: number; count: number; longitude: number; latitude: number; emergencies: number; urgent: number };

/** What supercluster indexes: one point per case with a position. */
export function casePoints(cases: readonly IncidentSummary[]): PointFeature<CaseProperties>[] {
  return cases
    .filter((summary) => Number.isFinite(summary.longitude) && Number.isFinite(summary.latitude))
    .map((summary) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [summary.longitude, summary.latitude] },
      properties: { id: summary.id, priority: priorityOf(summary) },
    }));
}

/**
 * The cases of a view clustered by screen distance: one index per batch of the live store (a
 * load is cheap: thousands of points take milliseconds), asked per map move. A cluster keeps how
 * many emergencies and urgent cases it holds, so its badge can say so.
 */
export class CaseClusters {
  private readonly index = new Supercluster<CaseProperties, ClusterTally>({
    radius: 48,
    maxZoom: 17,
    map: (properties) => ({
      emergencies: properties.priority === 'emergency' ? 1 : 0,
      urgent: properties.priority === 'urgent' ? 1 : 0,
    }),
    reduce: (total, properties) => {
      total.emergencies += properties.emergencies;
      total.urgent += properties.urgent;
    },
  });

  constructor() {
    // An empty index answers every question: the map may move before the first snapshot arrives.
    this.load([]);
  }

  load(cases: readonly IncidentSummary[]): void {
    this.index.load(casePoints(cases));
  }

  /** The items to draw inside a [west, south, east, north] box at a zoom level. */
  itemsIn(box: [number, number, number, number], zoom: number): MapItem[] {
    return this.index.getClusters(box, Math.round(zoom)).map((feature): MapItem => {
      const [longitude = 0, latitude = 0] = feature.geometry.coordinates;
      const properties = feature.properties;
      if ('cluster' in properties && properties.cluster) {
        return {
          kind: 'cluster',
          clusterId: properties.cluster_id,
          count: properties.point_count,
          longitude,
          latitude,
          emergencies: properties.emergencies,
          urgent: properties.urgent,
        };
      }
      return { kind: 'case', id: (properties as CaseProperties).id, longitude, latitude };
    });
  }

  /** The zoom at which a cluster falls apart: where a click on its badge takes the map. */
  expansionZoom(clusterId: number): number {
    return this.index.getClusterExpansionZoom(clusterId);
  }
}
