import { describe, expect, it } from 'vitest';
import { statusText } from './labels';
import type { Person } from './peopleStore';
import type { TeamView } from './types';

const texts: Record<string, string> = {
  'people.teamStatus.OutOfService': '暂停服务',
  'people.teamStatus.Available': '空闲待命',
  'people.statusUnknown': '状态未知',
};
const t = (key: string, values?: Record<string, unknown>) =>
  key === 'people.localStatus' ? `${String(values?.local)}（${String(values?.status)}）` : (texts[key] ?? key);

function teamPerson(view: TeamView | null): Person {
  return {
    key: 'team:police-patrol-team', kind: 'Team', id: 'police-patrol-team', homeArea: null, fix: null, presence: null,
    team: view ? { view, areaCode: '510802', version: null } : null, rostered: true,
  };
}

const base: TeamView = { teamId: 'police-patrol-team', unitId: 'police', status: 'OutOfService', since: null, overstaysAt: null, warning: false, warnings: 0 };

describe('statusText', () => {
  it("names a team by its local status with the canonical meaning beside it, in the page's language", () => {
    const local = { code: 'Training', name: { zhCn: '训练', en: 'Training' } };
    expect(statusText(teamPerson({ ...base, localStatus: local }), t, 'zh-CN')).toBe('训练（暂停服务）');
    expect(statusText(teamPerson({ ...base, localStatus: local }), t, 'en')).toBe('Training（暂停服务）');
  });

  it('keeps the canonical name when there is no local one, and says when the status is unknown', () => {
    expect(statusText(teamPerson({ ...base, localStatus: null }), t, 'zh-CN')).toBe('暂停服务');
    expect(statusText(teamPerson(base), t)).toBe('暂停服务');
    expect(statusText(teamPerson(null), t)).toBe('状态未知');
  });
});
