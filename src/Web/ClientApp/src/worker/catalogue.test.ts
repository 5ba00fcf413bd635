import { describe, expect, it } from 'vitest';
import { findSubcategory, searchSubcategories, type CatalogueEntry } from './catalogue';
import { insideAny } from './geometry';

const catalogue: CatalogueEntry[] = [
  {
    category: { code: 'CG', name: { zhCn: '城市管理', en: 'Urban management' } },
    subcategories: [
      { code: 'CG03', categoryCode: 'CG', name: { zhCn: '暴露垃圾', en: 'Exposed garbage' } },
      { code: 'CG04', categoryCode: 'CG', name: { zhCn: '占道经营', en: 'Street vending on public roads' } },
    ],
  },
  {
    category: { code: 'AQ', name: { zhCn: '安全生产', en: 'Production safety' } },
    subcategories: [{ code: 'AQ01', categoryCode: 'AQ', name: { zhCn: '消防隐患', en: 'Fire hazard' } }],
  },
];

describe('searchSubcategories', () => {
  it('finds by Chinese name, by code in any case, and by words of the English names', () => {
    expect(searchSubcategories(catalogue, '垃圾').map((sub) => sub.code)).toEqual(['CG03']);
    expect(searchSubcategories(catalogue, 'cg04').map((sub) => sub.code)).toEqual(['CG04']);
    expect(searchSubcategories(catalogue, 'urban garbage').map((sub) => sub.code)).toEqual(['CG03']);
    expect(searchSubcategories(catalogue, '安全').map((sub) => sub.code)).toEqual(['AQ01']);
  });

  it('finds nothing for an empty query or a word no row has', () => {
    expect(searchSubcategories(catalogue, '  ')).toEqual([]);
    expect(searchSubcategories(catalogue, '井盖')).toEqual([]);
  });

  it('finds a subcategory with its category by code', () => {
    expect(findSubcategory(catalogue, 'AQ01')?.entry.category.code).toBe('AQ');
    expect(findSubcategory(catalogue, 'XX99')).toBeNull();
  });
});

describe('insideAny', () => {
  const square = (west: number, south: number, size: number, hole?: number[][]): GeoJSON.Feature => ({
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'Polygon',
      coordinates: [
        [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]],
        ...(hole ? [hole] : []),
      ],
    },
  });

  it('tells a point inside a grid from one outside it, and one in a hole', () => {
    const grid = square(105.8, 32.4, 0.1, [[105.84, 32.44], [105.86, 32.44], [105.86, 32.46], [105.84, 32.46], [105.84, 32.44]]);
    expect(insideAny([grid], 105.81, 32.41)).toBe(true);
    expect(insideAny([grid], 105.95, 32.41)).toBe(false);
    expect(insideAny([grid], 105.85, 32.45)).toBe(false);
  });

  it('looks at every polygon of every grid', () => {
    const multi: GeoJSON.Feature = {
      type: 'Feature',
      properties: {},
      geometry: { type: 'MultiPolygon', coordinates: [(square(1, 1, 1).geometry as GeoJSON.Polygon).coordinates] },
    };
    expect(insideAny([square(0, 0, 0.5), multi], 1.5, 1.5)).toBe(true);
    expect(insideAny([square(0, 0, 0.5), multi], 0.75, 0.75)).toBe(false);
  });
});
