/**
 * The forms of the closed loop's steps: which fields each `POST /api/incidents/{id}/{segment}`
 * takes (the *Request records of src/Web/Incidents/IncidentRequests.cs) and how typed values
 * become its JSON body. Which fields are required is the server's rule; `required` only marks
 * them for the reader, so the server's message is the one shown.
 */

/** `units`: several units at once (a summons names 1 to 10), sent as a list of ids. */
export type FieldKind = 'textarea' | 'text' | 'number' | 'select' | 'yesNo' | 'datetime' | 'photos' | 'units';

/** Where a select's choices come from: a fixed list, or data of the case or of the node. */
export type OptionSource = 'units' | 'closures' | 'timeLimitUnits' | 'satisfactions' | 'openSupervisions' | 'openSummonses';

export interface StepField {
  /** The field's name in the request body and in ProblemDetails `errors`; a dot nests (extension.value). */
  name: string;
  kind: FieldKind;
  required?: boolean;
  options?: OptionSource;
}

export const closureKinds = ['Normal', 'Overdue', 'Special', 'Erroneous'] as const;
export const timeLimitUnits = ['ContinuousHours', 'WorkingHours', 'WorkingDays', 'NaturalDays'] as const;
export const satisfactions = ['Satisfied', 'BasicallySatisfied', 'Dissatisfied'] as const;

const reason: StepField = { name: 'reason', kind: 'textarea' };
const requiredReason: StepField = { ...reason, required: true };

const fieldsBySegment: Record<string, StepField[]> = {
  'request-verification': [reason],
  verify: [{ name: 'exists', kind: 'yesNo', required: true }, reason],
  'self-handle': [reason],
  forward: [reason],
  reject: [requiredReason],
  register: [reason],
  void: [requiredReason],
  dispatch: [{ name: 'unitId', kind: 'select', options: 'units' }, reason],
  sign: [reason],
  'request-return': [requiredReason],
  'decide-return': [{ name: 'approved', kind: 'yesNo', required: true }, reason],
  'request-extension': [
    { name: 'extension.value', kind: 'number', required: true },
    { name: 'extension.unit', kind: 'select', options: 'timeLimitUnits', required: true },
    requiredReason,
  ],
  'decide-extension': [{ name: 'approved', kind: 'yesNo', required: true }, reason],
  'request-hang': [requiredReason],
  'decide-hang': [{ name: 'approved', kind: 'yesNo', required: true }, reason],
  resume: [reason],
  handle: [{ name: 'attachments', kind: 'photos', required: true }, reason],
  'send-check': [reason],
  check: [{ name: 'passed', kind: 'yesNo', required: true }, reason],
  close: [{ name: 'closure', kind: 'select', options: 'closures' }, reason],
  'issue-supervision': [
    { name: 'instruction', kind: 'textarea', required: true },
    { name: 'replyBy', kind: 'datetime', required: true },
  ],
  'reply-supervision': [
    { name: 'orderId', kind: 'select', options: 'openSupervisions', required: true },
    { name: 'reply', kind: 'textarea', required: true },
  ],
  summon: [
    { name: 'unitIds', kind: 'units', options: 'units', required: true },
    { name: 'acknowledgeBy', kind: 'datetime', required: true },
    requiredReason,
  ],
  'acknowledge-summons': [
    { name: 'summonsId', kind: 'select', options: 'openSummonses', required: true },
    { name: 'commitment', kind: 'textarea', required: true },
  ],
  merge: [{ name: 'intoIncidentId', kind: 'text', required: true }, reason],
  unmerge: [requiredReason],
  revisit: [
    { name: 'satisfaction', kind: 'select', options: 'satisfactions', required: true },
    { name: 'disputed', kind: 'yesNo' },
    reason,
  ],
};

/** The fields of a step's form; a step this table does not know takes a reason only. */
export function stepFields(segment: string): StepField[] {
  return fieldsBySegment[segment] ?? [reason];
}

/** `send-check` → `SendCheck`: the step's name in the history (`command`) and in the label tables. */
export function commandOf(segment: string): string {
  return segment
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** What a form holds: text per field, photo references for a photos field. */
export type StepValues = Record<string, string | string[]>;

/**
 * The JSON body of a step from what the form holds. Empty text is left out (the server names a
 * missing required field); yes/no become booleans, numbers numbers, times ISO 8601 with offset,
 * and a dotted name nests. A summons names its departments as a list.
 */
export function stepBody(segment: string, values: StepValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of stepFields(segment)) {
    const raw = values[field.name];
    const value = typeof raw === 'string' ? converted(field, raw.trim()) : raw && raw.length > 0 ? raw : undefined;
    if (value === undefined) {
      continue;
    }
    setPath(body, field.name, field.kind === 'units' && typeof value === 'string' ? [value] : value);
  }
  return body;
}

function converted(field: StepField, text: string): unknown {
  if (text === '') {
    return undefined;
  }
  switch (field.kind) {
    case 'yesNo':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'number': {
      // A number the server cannot read is sent as it is, so the server's message names the field.
      const number = Number(text);
      return Number.isFinite(number) ? number : text;
    }
    case 'datetime': {
      const time = new Date(text);
      return Number.isNaN(time.getTime()) ? text : time.toISOString();
    }
    default:
      return text;
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined) {
    return;
  }
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = (target[head] as Record<string, unknown> | undefined) ?? {};
  target[head] = child;
  setPath(child, rest.join('.'), value);
}
