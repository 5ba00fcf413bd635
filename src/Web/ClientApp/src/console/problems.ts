import type { Problem } from '../api/http';

/** A refusal laid out on a form: messages beside the fields they name, the rest above the form. */
export interface FormErrors {
  byField: Record<string, string[]>;
  general: string[];
}

/** `$.extension.Value` or `Extension.Value` → `extension.value`: the server names fields in camelCase, model binding by JSON path. */
function normalized(key: string): string {
  return key
    .replace(/^\$\.?/, '')
    .split('.')
    .map((part) => part.charAt(0).toLowerCase() + part.slice(1))
    .join('.');
}

/**
 * Which form field a ProblemDetails `errors` key belongs to: the field of that name, else the
 * first field nested under it (`extension` → `extension.value`), else the field it is nested in.
 */
function fieldFor(key: string, fields: readonly string[]): string | undefined {
  const name = normalized(key);
  return (
    fields.find((field) => field.toLowerCase() === name.toLowerCase()) ??
    fields.find((field) => field.startsWith(`${name}.`)) ??
    fields.find((field) => name.startsWith(`${field}.`) || name.startsWith(`${field}[`))
  );
}

/**
 * Maps a refusal onto a form. A message for a field the form does not show is not lost: it goes
 * to the general messages; with no field messages at all, the problem's detail (or title) is the
 * general message.
 */
export function formErrors(problem: Problem, fields: readonly string[]): FormErrors {
  const byField: Record<string, string[]> = {};
  const general: string[] = [];
  for (const [key, messages] of Object.entries(problem.errors ?? {})) {
    const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
    const field = fieldFor(key, fields);
    if (field) {
      byField[field] = [...(byField[field] ?? []), ...list];
    } else {
      general.push(...list);
    }
  }
  if (Object.keys(byField).length === 0 && general.length === 0) {
    const summary = problem.detail ?? problem.title;
    if (summary) {
      general.push(summary);
    }
  }
  return { byField, general };
}
