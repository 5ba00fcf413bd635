type Ring = number[][];

/** Ray casting on one ring of [lon, lat] pairs; a point on an edge may fall either way, which a hint can afford. */
function insideRing(ring: Ring, longitude: number, latitude: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > latitude !== yj > latitude && longitude < ((xj - xi) * (latitude - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

function insidePolygon(rings: Ring[], longitude: number, latitude: number): boolean {
  const [outer, ...holes] = rings;
  return !!outer && insideRing(outer, longitude, latitude) && !holes.some((hole) => insideRing(hole, longitude, latitude));
}

/**
 * Whether a point lies in any of the grid polygons: the worker is warned before reporting a point
 * outside their own grid, which the node would refuse (it resolves the grid itself).
 */
export function insideAny(features: GeoJSON.Feature[], longitude: number, latitude: number): boolean {
  return features.some((feature) => {
    const geometry = feature.geometry;
    if (geometry?.type === 'Polygon') {
      return insidePolygon(geometry.coordinates, longitude, latitude);
    }
    if (geometry?.type === 'MultiPolygon') {
      return geometry.coordinates.some((polygon) => insidePolygon(polygon, longitude, latitude));
    }
    return false;
  });
}
