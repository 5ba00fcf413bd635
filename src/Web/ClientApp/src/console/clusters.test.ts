import { describe, expect, it } from 'vitest';
import { summary } from '../live/testing';
import { CaseClusters, casePoints, markerStyle, priorityOf } from './clusters';

const district: [number, number, number, number] = [105.5, 32.2, 106.2, 32.7];

describe('case markers and clusters', () => {
  it('tells emergencies, urgent and normal cases apart by ring and size as well as by colour', () => {
    const emergency = markerStyle(summary('e', 1, { category: 'TF', state: 'Registered' }));
    const urgent = markerStyle(summary('u', 1, { urgent: true, state: 'Registered' }));
    const normal = markerStyle(summary('n', 1, { state: 'Registered' }));

    expect(priorityOf({ category: 'TF', urgent: false })).toBe('emergency');
    expect(new Set([emergency.ring, urgent.ring, normal.ring]).size).toBe(3);
    expect(emergency.radius).toBeGreaterThan(urgent.radius);
    expect(urgent.radius).toBeGreaterThan(normal.radius);
    expect(normal.fill).toBe(urgent.fill);
    expect(markerStyle(summary('d', 1, { state: 'Dispatched' })).fill).not.toBe(normal.fill);
  });

  it('indexes every case with a position and skips one without', () => {
    const points = casePoints([summary('a', 1), summary('b', 1, { longitude: Number.NaN })]);

    expect(points.map((point) => point.properties.id)).toEqual(['a']);
    expect(points[0]?.geometry.coordinates).toEqual([105.84, 32.43]);
  });

  it('answers with nothing before the first cases are loaded', () => {
    expect(new CaseClusters().itemsIn(district, 12)).toEqual([]);
  });

  it('clusters nearby cases when zoomed out, counting their emergencies, and shows them one by one when zoomed in', () => {
    const clusters = new CaseClusters();
    clusters.load([
      summary('a', 1, { longitude: 105.84, latitude: 32.43, category: 'TF' }),
      summary('b', 1, { longitude: 105.8401, latitude: 32.4301, urgent: true }),
      summary('c', 1, { longitude: 105.8402, latitude: 32.4302 }),
      summary('far', 1, { longitude: 106.1, latitude: 32.6 }),
    ]);

    const zoomedOut = clusters.itemsIn(district, 10);
    const cluster = zoomedOut.find((item) => item.kind === 'cluster');
    expect(cluster).toMatchObject({ kind: 'cluster', count: 3, emergencies: 1, urgent: 1 });
    expect(zoomedOut.filter((item) => item.kind === 'case').map((item) => (item.kind === 'case' ? item.id : ''))).toEqual(['far']);

    const expansion = clusters.expansionZoom(cluster?.kind === 'cluster' ? cluster.clusterId : -1);
    expect(expansion).toBeGreaterThan(10);
    const zoomedIn = clusters.itemsIn(district, 18);
    expect(zoomedIn.every((item) => item.kind === 'case')).toBe(true);
    expect(zoomedIn).toHaveLength(4);
  });
});
