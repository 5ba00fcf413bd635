import type { Person } from './peopleStore';
import type { TeamStatus } from './types';

/**
 * Fill per team status, each at least 3:1 against the light grid fill and the white map (WCAG
 * 1.4.11), named by the legend too. Teams are squares and grid workers diamonds, cases circles:
 * the shape tells people from cases without colour.
 */
export const teamStatusColours: Record<TeamStatus, string> = {
  Available: '#047857',
  Dispatched: '#b45309',
  EnRoute: '#1d4ed8',
  OnScene: '#7e22ce',
  Returning: '#0e7490',
  OutOfService: '#4b5563',
};

export const workerColours = { online: '#be185d', offline: '#d1d5db' } as const;

export type PersonLook =
  | { shape: 'team'; status: TeamStatus | null; online: boolean; warning: boolean }
  | { shape: 'worker'; online: boolean; warning: false };

export function lookOf(person: Person): PersonLook {
  const online = person.presence?.online === true;
  return person.kind === 'Team'
    ? { shape: 'team', status: person.team?.view.status ?? null, online, warning: person.team?.view.warning === true }
    : { shape: 'worker', online, warning: false };
}

/**
 * The marker's classes (no inline style: the page's Content-Security-Policy allows none). A team
 * is coloured by its status, a grid worker by being reachable; anyone unreachable is greyed
 * (a dashed outline and a light fill, so it does not rest on colour alone).
 */
export function markerClasses(look: PersonLook): string {
  const classes = ['rol-person', `rol-person-${look.shape}`];
  if (look.shape === 'team') {
    classes.push(`rol-team-${look.status ?? 'unknown'}`);
  }
  classes.push(look.online ? 'rol-person-on' : 'rol-person-off');
  if (look.warning) {
    classes.push('rol-person-warning');
  }
  return classes.join(' ');
}
