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

/**
 * A team's status: the district's local name with its canonical meaning beside it when it has one
 * (colours and counts stay by the canonical status, in the data), else the canonical name; a grid
 * worker's presence.
 */
export function statusText(person: Person, t: Translate, locale = 'zh-CN'): string {
  if (person.kind === 'Team') {
    if (!person.team) {
      return t('people.statusUnknown');
    }
    const { status, localStatus } = person.team.view;
    const canonical = t(`people.teamStatus.${status}`);
    return localStatus
      ? t('people.localStatus', { local: locale.startsWith('en') ? localStatus.name.en : localStatus.name.zhCn, status: canonical })
      : canonical;
  }
  return presenceText(person, t);
}
