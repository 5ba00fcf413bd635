/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so its calendar day is a fixed shift. */
const shanghaiOffsetMs = 8 * 60 * 60 * 1000;

const dayMs = 24 * 60 * 60 * 1000;

/** Today in Asia/Shanghai as the assessment API's period [from, to) of yyyy-MM-dd days. */
export function shanghaiToday(now: Date): { from: string; to: string } {
  const local = now.getTime() + shanghaiOffsetMs;
  return { from: new Date(local).toISOString().slice(0, 10), to: new Date(local + dayMs).toISOString().slice(0, 10) };
}

/** The time of day in Asia/Shanghai (HH:mm), as the district reads it whatever the wall's own clock says. */
export function shanghaiTime(iso: string): string {
  return new Date(Date.parse(iso) + shanghaiOffsetMs).toISOString().slice(11, 16);
}

/** The last day of a period [from, to): the day before `to` (yyyy-MM-dd). */
export function lastDayBefore(to: string): string {
  return new Date(Date.parse(`${to}T00:00:00Z`) - dayMs).toISOString().slice(0, 10);
}
