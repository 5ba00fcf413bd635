import type { Person } from './peopleStore';
import type { UnitInfo } from './types';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A team by its catalogue name in the page's language; a grid worker by their user id. */
export function personName(person: Person, teamNames: ReadonlyMap<string, UnitInfo['name']>, locale: string): string {
  const name = person.kind === 'Team' ? teamNames.get(person.id) : undefined;
  return name ? (locale === 'en' ? name.en : name.zhCn) : person.id;
}

/** Reachable, unreachable, or never heard from since the page opened. */
export function presenceText(person: Person, t: Translate): string {
  return person.presence ? t(person.presence.online ? 'people.online' : 'people.offline') : t('people.noSignal');
}

/** A team's status by its local name (the canonical one stays in the data), else the worker's presence. */
export function statusText(person: Person, t: Translate): string {
  if (person.kind === 'Team') {
    return person.team ? t(`people.teamStatus.${person.team.view.status}`) : t('people.statusUnknown');
  }
  return presenceText(person, t);
}
