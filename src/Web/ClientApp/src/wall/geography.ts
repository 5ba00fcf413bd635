import { api } from '../api/http';

/** An area as GET /api/areas/{code}/grids and /children describe it (GeoJSON, AreasApi.Feature). */
export interface AreaFeature {
  type: 'Feature';
  id?: string;
  geometry: GeoJSON.Geometry;
  properties: { code: string; level: string; nameZh: string; nameEn: string; parentCode: string | null };
}

export interface AreaFeatures {
  type: 'FeatureCollection';
  features: AreaFeature[];
}

/** The wall's geography: the area itself, its grids and its streets (or its children below a district). */
export interface WallGeography {
  area: AreaFeature | null;
  grids: AreaFeatures;
  streets: AreaFeatures;
}

/** Read once when the wall opens; polygons do not change while it is open. */
export async function loadGeography(areaCode: string, signal: AbortSignal): Promise<WallGeography> {
  const code = encodeURIComponent(areaCode);
  const [area, grids, streets] = await Promise.all([
    api<AreaFeature>(`/api/areas/${code}`, { signal }).catch(() => null),
    api<AreaFeatures>(`/api/areas/${code}/grids`, { signal }),
    api<AreaFeatures>(`/api/areas/${code}/children`, { signal }).catch((): AreaFeatures => ({ type: 'FeatureCollection', features: [] })),
  ]);
  return { area, grids, streets };
}

/** The name of an area in the page's language, its code when it is not known. */
export function areaName(feature: AreaFeature | null | undefined, fallback: string, locale: string): string {
  if (!feature) {
    return fallback;
  }
  return locale === 'en' ? feature.properties.nameEn : feature.properties.nameZh;
}
