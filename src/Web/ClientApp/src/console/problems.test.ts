import { describe, expect, it } from 'vitest';
import { formErrors } from './problems';

describe('ProblemDetails on a form', () => {
  it('puts each field message beside its field', () => {
    const errors = formErrors({ status: 400, title: 'Invalid', errors: { unitId: ["'x' is not a known unit."], reason: ['reason is required.'] } }, ['unitId', 'reason']);

    expect(errors).toEqual({ byField: { unitId: ["'x' is not a known unit."], reason: ['reason is required.'] }, general: [] });
  });

  it('matches JSON paths and parent names to the nested field', () => {
    const fields = ['extension.value', 'extension.unit', 'reason'];

    expect(formErrors({ status: 400, errors: { '$.extension.Unit': ['bad unit'] } }, fields).byField).toEqual({ 'extension.unit': ['bad unit'] });
    expect(formErrors({ status: 422, errors: { extension: ['1 to 30'] } }, fields).byField).toEqual({ 'extension.value': ['1 to 30'] });
    expect(formErrors({ status: 400, errors: { 'attachments[0]': ['not a photo'] } }, ['attachments']).byField).toEqual({ attachments: ['not a photo'] });
  });

  it('keeps messages for fields the form lacks as general messages', () => {
    const errors = formErrors({ status: 400, errors: { command: ['wrong shape'] } }, ['reason']);

    expect(errors).toEqual({ byField: {}, general: ['wrong shape'] });
  });

  it('shows the detail of a refusal that names no field', () => {
    expect(formErrors({ status: 409, title: 'Conflict', detail: 'The step is not allowed now.' }, ['reason'])).toEqual({
      byField: {},
      general: ['The step is not allowed now.'],
    });
    expect(formErrors({ status: 403, title: 'Forbidden' }, ['reason']).general).toEqual(['Forbidden']);
  });
});
