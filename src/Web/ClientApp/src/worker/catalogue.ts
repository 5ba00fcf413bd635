/** The power list as GET /api/catalogue answers it (CategoryResponse of src/Web/Catalogue/CatalogueApi.cs). */
export interface Text {
  zhCn: string;
  en: string;
}

export interface CatalogueEntry {
  category: { code: string; name: Text };
  subcategories: Array<{ code: string; categoryCode: string; name: Text }>;
}

export type SubcategoryEntry = CatalogueEntry['subcategories'][number];

export const nameIn = (text: Text, locale: string) => (locale === 'en' ? text.en : text.zhCn);

/**
 * Subcategories whose code or name (either language), or whose category's code or name, contains
 * every word typed: a worker who types "垃圾" or "cg03" or "urban garbage" finds the row.
 */
export function searchSubcategories(catalogue: CatalogueEntry[], query: string): SubcategoryEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word.length > 0);
  if (words.length === 0) {
    return [];
  }
  return catalogue.flatMap((entry) =>
    entry.subcategories.filter((sub) => {
      const haystack = [sub.code, sub.name.zhCn, sub.name.en, entry.category.code, entry.category.name.zhCn, entry.category.name.en]
        .join(' ')
        .toLowerCase();
      return words.every((word) => haystack.includes(word));
    }),
  );
}

export function findSubcategory(catalogue: CatalogueEntry[], code: string): { entry: CatalogueEntry; sub: SubcategoryEntry } | null {
  for (const entry of catalogue) {
    const sub = entry.subcategories.find((candidate) => candidate.code === code);
    if (sub) {
      return { entry, sub };
    }
  }
  return null;
}
