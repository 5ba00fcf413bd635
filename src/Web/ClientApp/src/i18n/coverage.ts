/** Patrol coverage (巡查覆盖率) on the console's people panel, the wall and the worker's phone (src/coverage); the en table is typed by zh-CN. */
export const coverageZhCN = {
  coverage: {
    people: {
      area: '今日巡查覆盖率 {rate}',
      cells: '已巡 {visited}/{cells} 格',
      pending: '今日巡查覆盖率：读取中…',
      stale: '巡查覆盖率未能更新，显示的是上次读取的数值。',
      worker: '今日巡查 {rate}',
    },
    truncated: '轨迹点超过单次统计上限，只统计了其中一部分：实际覆盖率更高。',
    wall: {
      label: '今日巡查覆盖率',
      cells: '{visited}/{cells} 格',
      pending: '…',
      partial: '部分轨迹（超出上限）',
    },
    worker: {
      title: '我的巡查',
      figure: '今日巡查覆盖率',
      cells: '已巡 {visited}/{cells} 格（每格 {metres} 米见方）',
      none: '今日尚无巡查记录。',
      pending: '正在读取…',
      stale: '未能更新，显示的是上次读取的数值。',
      failed: '暂时无法读取巡查覆盖率，稍后自动重试。',
    },
  },
};

export const coverageEn: typeof coverageZhCN = {
  coverage: {
    people: {
      area: 'Patrol coverage today {rate}',
      cells: '{visited}/{cells} cells visited',
      pending: 'Patrol coverage today: loading…',
      stale: 'Patrol coverage could not be updated; the figures are from the last reading.',
      worker: 'Patrolled today {rate}',
    },
    truncated: 'More track points than one reading counts: only some were counted, so the real coverage is higher.',
    wall: {
      label: 'Patrol coverage today',
      cells: '{visited}/{cells} cells',
      pending: '…',
      partial: 'Partial tracks (over the limit)',
    },
    worker: {
      title: 'My patrol',
      figure: 'Patrol coverage today',
      cells: '{visited}/{cells} cells visited ({metres} m squares)',
      none: 'No patrol recorded today.',
      pending: 'Loading…',
      stale: 'Could not be updated; the figures are from the last reading.',
      failed: 'Patrol coverage cannot be read right now; it will be tried again shortly.',
    },
  },
};
