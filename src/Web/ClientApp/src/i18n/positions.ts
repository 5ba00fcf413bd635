/**
 * Position sharing on the phone (components/positions/*), in zh-CN and en; the en table is typed
 * by the zh-CN one, so a key missing from either fails the build.
 */
export const positionsZhCN = {
  positions: {
    title: '位置共享',
    state: {
      starting: '正在获取位置…',
      sharing: '正在共享我的位置',
      paused: '位置共享已暂停：不再获取和发送我的位置',
      denied: '未获得定位授权：位置未共享。可在浏览器设置中允许本站使用位置。',
      unavailable: '暂时无法获取位置：信号恢复后自动继续共享',
      unsupported: '此设备不支持定位：位置未共享',
    },
    waiting: '{count} 个位置保存在本机，联网后自动发送',
    lastShared: '最近位置：{time}',
    pause: '暂停共享',
    resume: '恢复共享',
    why: '为什么共享位置？',
    privacy:
      '位置属于个人信息。只在您打开本应用时共享，用于就近派遣和保障外勤安全；只有负责调度和指挥本辖区的值班长、派遣员和领导可以查看，每次查看轨迹都会留下记录。暂停后不再获取和发送您的位置，此前未发出的位置仍会补传。',
  },
};

export const positionsEn: typeof positionsZhCN = {
  positions: {
    title: 'Position sharing',
    state: {
      starting: 'Finding my position…',
      sharing: 'Sharing my position',
      paused: 'Position sharing paused: my position is neither taken nor sent',
      denied: 'Location permission not given: position not shared. Allow this site to use your location in the browser settings.',
      unavailable: 'Position not available for now: sharing resumes when the signal is back',
      unsupported: 'This device cannot locate itself: position not shared',
    },
    waiting: '{count} positions kept on this phone, sent automatically when back online',
    lastShared: 'Last position: {time}',
    pause: 'Pause sharing',
    resume: 'Resume sharing',
    why: 'Why is my position shared?',
    privacy:
      'Your position is personal information. It is shared only while this app is open, to send the nearest people to a case and to keep field staff safe; only the shift leaders, dispatchers and leaders responsible for this area can see it, and every look at a track is recorded. While paused, your position is neither taken nor sent; positions taken before and not yet sent are still uploaded.',
  },
};
