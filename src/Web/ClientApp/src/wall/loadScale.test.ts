import { describe, expect, it } from 'vitest';
import { summary } from '../live/testing';
import { changedClasses, loadByGrid, loadClasses, loadClassOf, loadColour } from './loadScale';

describe('grid load colour scale', () => {
  it('puts every load in exactly one class, the classes touching without gaps', () => {
    expect([0, 1, 2, 3, 4, 6, 7, 10, 11, 250].map(loadClassOf)).toEqual([0, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    for (let index = 1; index < loadClasses.length; index++) {
      expect(loadClasses[index]!.from).toBe((loadClasses[index - 1]!.to ?? Number.NaN) + 1);
    }
    expect(loadClasses.at(-1)!.to).toBeNull();
  });

  it('darkens as the load grows (a sequential scale: each class darker than the one before)', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255);
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const loaded = loadClasses.slice(1).map((item) => luminance(item.colour));
    for (let index = 1; index < loaded.length; index++) {
      expect(loaded[index]!).toBeLessThan(loaded[index - 1]!);
    }
    expect(new Set(loadClasses.map((item) => item.colour)).size).toBe(loadClasses.length);
  });

  it('gives no load and a negative one the neutral colour', () => {
    expect(loadColour(0)).toBe(loadClasses[0]!.colour);
    expect(loadColour(-3)).toBe(loadClasses[0]!.colour);
    expect(loadColour(1000)).toBe('#bd0026');
  });

  it('counts open cases per grid', () => {
    const loads = loadByGrid([
      summary('a', 1, { gridCode: '510802001001001' }),
      summary('b', 1, { gridCode: '510802001001001' }),
      summary('c', 1, { gridCode: '510802002003003' }),
    ]);
    expect([...loads.entries()]).toEqual([
      ['510802001001001', 2],
      ['510802002003003', 1],
    ]);
  });

  it('restyles only the grids whose class changed', () => {
    const drawn = new Map([
      ['g1', 1],
      ['g2', 2],
      ['g3', 0],
    ]);
    const loads = new Map([
      ['g1', 1],
      ['g2', 4],
    ]);
    expect([...changedClasses(drawn, loads, ['g1', 'g2', 'g3', 'g4'])]).toEqual([['g2', 3]]);
    expect([...changedClasses(new Map([['g1', 1]]), new Map(), ['g1'])]).toEqual([['g1', 0]]);
  });
});
