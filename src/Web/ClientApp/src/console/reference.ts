import { shallowRef, type ShallowRef } from 'vue';
import { api } from '../api/http';
import type { LocalizedText } from './details';

/** A category of the power list with its subcategories (CategoryResponse of CatalogueApi.cs). */
export interface CatalogueCategory {
  category: { code: string; name: LocalizedText };
  subcategories: { code: string; categoryCode: string; name: LocalizedText; leadUnit: string }[];
}

/** A unit cases are dispatched to (UnitInfo). */
export interface UnitInfo {
  id: string;
  name: LocalizedText;
  kind: string;
  areaCode: string;
}

export interface Reference {
  categories: Map<string, LocalizedText>;
  subcategories: Map<string, { name: LocalizedText; leadUnit: string }>;
  units: UnitInfo[];
  unitNames: Map<string, LocalizedText>;
}

export function buildReference(catalogue: readonly CatalogueCategory[], units: readonly UnitInfo[]): Reference {
  return {
    categories: new Map(catalogue.map((entry) => [entry.category.code, entry.category.name])),
    subcategories: new Map(catalogue.flatMap((entry) => entry.subcategories.map((sub) => [sub.code, { name: sub.name, leadUnit: sub.leadUnit }] as const))),
    units: [...units],
    unitNames: new Map(units.map((unit) => [unit.id, unit.name])),
  };
}

let loading: Promise<Reference> | null = null;

/**
 * The catalogue and the units, loaded once per page: reference data changes with a release, not
 * during a shift. A failed load is retried by the next view that asks.
 */
export function useReference(): ShallowRef<Reference | null> {
  const reference = shallowRef<Reference | null>(null);
  loading ??= Promise.all([api<CatalogueCategory[]>('/api/catalogue'), api<UnitInfo[]>('/api/units')]).then(([catalogue, units]) => buildReference(catalogue, units));
  loading.then(
    (loaded) => (reference.value = loaded),
    () => (loading = null),
  );
  return reference;
}
