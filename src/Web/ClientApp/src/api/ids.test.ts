import { describe, expect, it } from 'vitest';
import { newIncidentId } from './ids';

describe('newIncidentId', () => {
  it('makes a version 7 UUID whose first 48 bits are the time', () => {
    const id = newIncidentId(0x0190_1234_5678);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id.startsWith('01901234-5678-7')).toBe(true);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newIncidentId(1)));
    expect(ids.size).toBe(1000);
  });
});
