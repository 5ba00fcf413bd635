import { onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { api } from '../api/http';
import { watchAreaAssessment, type AssessmentCounters, type AssessmentUpdate } from '../live/assessmentFeed';
import { liveConnection } from '../live/useLive';
import { shanghaiToday } from './days';
import { loadRankings, type Rankings } from './rankings';
import { Throttle } from './throttle';

/** How many units the wall ranks (the district has a few dozen; the top of the list is what a wall can show). */
export const unitRankingLimit = 10;

/** Requests folded into one refresh at most this often (pushes come up to once a second). */
const refreshGapMs = 3_000;

/** A refresh even without pushes: the day rolls over, and pushes are hints. */
const fallbackRefreshMs = 60_000;

export interface WallFeeds {
  /** The area's assessment for the current month, as the hub pushes it. */
  month: ShallowRef<AssessmentUpdate | null>;
  /** Reports made today (Asia/Shanghai) in the area, from the assessment API. */
  reportedToday: Ref<number | null>;
  rankings: ShallowRef<Rankings | null>;
  /** The last refresh failed: what is shown is older. */
  stale: Ref<boolean>;
}

/**
 * The wall's assessment figures: the month's from the hub's Assessment pushes, today's reports
 * and the rankings read from the API whenever a push says something changed (at most every few
 * seconds) and once a minute regardless. One throttle, one interval and one hub watch, each
 * undone when the wall closes.
 */
export function useWallFeeds(areaCode: string): WallFeeds {
  const { locale } = useI18n();
  const month = shallowRef<AssessmentUpdate | null>(null);
  const reportedToday = ref<number | null>(null);
  const rankings = shallowRef<Rankings | null>(null);
  const stale = ref(false);
  const districtCode = areaCode.slice(0, 6);
  let aborter: AbortController | null = null;
  let stopWatching: (() => void) | null = null;
  let fallback: ReturnType<typeof setInterval> | null = null;

  const refresh = new Throttle(async () => {
    aborter?.abort();
    const current = new AbortController();
    aborter = current;
    const today = shanghaiToday(new Date());
    try {
      const [day, ranked] = await Promise.all([
        api<{ counters: AssessmentCounters }>(`/api/assessment/areas/${encodeURIComponent(areaCode)}?from=${today.from}&to=${today.to}`, { signal: current.signal }),
        loadRankings(districtCode, unitRankingLimit, current.signal),
      ]);
      reportedToday.value = day.counters.reported;
      rankings.value = ranked;
      stale.value = false;
    } catch {
      if (!current.signal.aborted) {
        stale.value = true;
      }
    }
  }, refreshGapMs);

  onMounted(() => {
    stopWatching = watchAreaAssessment(liveConnection(), areaCode, (update) => {
      month.value = update;
      refresh.request();
    });
    refresh.request();
    fallback = setInterval(() => refresh.request(), fallbackRefreshMs);
  });

  // Ranking names come in the language of the request.
  watch(locale, () => refresh.request());

  onBeforeUnmount(() => {
    stopWatching?.();
    refresh.dispose();
    aborter?.abort();
    if (fallback !== null) {
      clearInterval(fallback);
    }
  });

  return { month, reportedToday, rankings, stale };
}
