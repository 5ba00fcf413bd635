import type { IncidentSummary } from '../live/types';

/** The two steps a grid worker is sent to take on site, by their route segments. */
export type TaskStep = 'verify' | 'check';

/**
 * A grid worker's task on a case: intake sent it for verification (Verifying) or for an on-site
 * check (Checking). Only a grid worker whose jurisdiction holds the case's grid may take either
 * step (TransitionTable, AccessPolicy), so those cases of the worker's grid are the worker's tasks.
 */
export function taskStepOf(summary: IncidentSummary): TaskStep | null {
  if (summary.state === 'Verifying') {
    return 'verify';
  }
  return summary.state === 'Checking' ? 'check' : null;
}
