import { describe, expect, it } from 'vitest';
import { en, zhCN } from './messages';

function keys(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) {
    return [path];
  }
  return Object.entries(value).flatMap(([key, child]) => keys(child, path ? `${path}.${key}` : key));
}

function leaf(table: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], table);
}

describe('messages', () => {
  it('has the same keys in zh-CN and en', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('has no empty text and the same placeholders in both languages', () => {
    for (const path of keys(zhCN)) {
      const zh = String(leaf(zhCN, path));
      const english = String(leaf(en, path));
      expect(zh, path).not.toBe('');
      expect(english, path).not.toBe('');
      const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
      expect(placeholders(english), path).toEqual(placeholders(zh));
    }
  });
});
