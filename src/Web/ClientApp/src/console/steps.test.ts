import { describe, expect, it } from 'vitest';
import { commandOf, stepBody, stepFields } from './steps';

describe('step forms', () => {
  it('names the step as the history does', () => {
    expect(commandOf('send-check')).toBe('SendCheck');
    expect(commandOf('register')).toBe('Register');
    expect(commandOf('request-extension')).toBe('RequestExtension');
  });

  it('asks dispatch for a unit and a reason, and an unknown step for a reason only', () => {
    expect(stepFields('dispatch').map((field) => field.name)).toEqual(['unitId', 'reason']);
    expect(stepFields('something-new').map((field) => field.name)).toEqual(['reason']);
  });

  it('leaves empty text out so the server names what is missing', () => {
    expect(stepBody('reject', { reason: '   ' })).toEqual({});
    expect(stepBody('dispatch', { unitId: 'law-enforcement', reason: '' })).toEqual({ unitId: 'law-enforcement' });
  });

  it('turns yes/no into booleans, numbers into numbers and nests dotted names', () => {
    expect(stepBody('decide-hang', { approved: 'false', reason: '季节原因' })).toEqual({ approved: false, reason: '季节原因' });
    expect(stepBody('request-extension', { 'extension.value': '3', 'extension.unit': 'WorkingDays', reason: '材料未到' })).toEqual({
      extension: { value: 3, unit: 'WorkingDays' },
      reason: '材料未到',
    });
  });

  it('sends times with their offset and photos as references', () => {
    const body = stepBody('issue-supervision', { instruction: '请尽快处理', replyBy: '2026-11-27T09:30' });
    expect(body.replyBy).toBe(new Date('2026-11-27T09:30').toISOString());
    expect(stepBody('handle', { attachments: ['photo/0193'], reason: '' })).toEqual({ attachments: ['photo/0193'] });
    expect(stepBody('handle', { attachments: [] })).toEqual({});
  });
});
