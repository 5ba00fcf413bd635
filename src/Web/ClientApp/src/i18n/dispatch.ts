/** The dispatcher's choice of field team (components/dispatch), in zh-CN and en; the en table is typed by zh-CN. */
export const dispatchZhCN = {
  dispatch: {
    teams: {
      legend: '推荐外勤队伍：{unit}',
      hint: '按状态（空闲、返程、忙碌）、直线距离和在办量排序；可改选其他队伍或不指定队伍。',
      rank: '第 {rank} 名',
      distance: '距离：{distance}',
      unlocated: '无位置',
      load: '在办 {count} 件',
      unavailable: '不可派遣',
      reasons: '推荐理由：{reasons}',
      separator: '；',
      noTeam: '不指定队伍',
      failed: '无法获取队伍推荐：{message}',
      network: '无法连接服务器',
      localStatus: '{local}（{status}）',
      status: {
        Available: '空闲待命',
        Dispatched: '已派遣',
        EnRoute: '在途',
        OnScene: '到场处置',
        Returning: '返程',
        OutOfService: '暂停服务',
      },
    },
  },
};

export const dispatchEn: typeof dispatchZhCN = {
  dispatch: {
    teams: {
      legend: 'Recommended field teams: {unit}',
      hint: 'Ranked by status (available, returning, busy), straight-line distance and open cases; choose another team or none.',
      rank: 'No. {rank}',
      distance: 'Distance: {distance}',
      unlocated: 'no position',
      load: 'open cases: {count}',
      unavailable: 'cannot be dispatched',
      reasons: 'Why: {reasons}',
      separator: '; ',
      noTeam: 'No team',
      failed: 'The team recommendation could not be loaded: {message}',
      network: 'the server cannot be reached',
      localStatus: '{local} ({status})',
      status: {
        Available: 'Available',
        Dispatched: 'Dispatched',
        EnRoute: 'En route',
        OnScene: 'On scene',
        Returning: 'Returning',
        OutOfService: 'Out of service',
      },
    },
  },
};
