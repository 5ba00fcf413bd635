import { onBeforeUnmount, shallowRef, type ShallowRef } from 'vue';
import { api } from '../api/http';
import { areaCoverageUrl, emptyCoverage, nextCoverageState, personCoverageUrl, type AreaCoverage, type CoverageState, type PersonCoverage } from './coverage';
import { Poller } from './poller';

export interface LiveCoverage<T> {
  state: ShallowRef<CoverageState<T>>;
  /** Reads now and every minute after, until stop() or the view goes. */
  start: () => void;
  /** Reads now (and restarts the minute). */
  refresh: () => void;
  stop: () => void;
}

function useCoverage<T>(url: (now: Date) => string): LiveCoverage<T> {
  const state = shallowRef<CoverageState<T>>(emptyCoverage);
  // The URL is made at each read: today's period rolls over at midnight in Asia/Shanghai.
  const poller = new Poller<T>(
    (signal) => api<T>(url(new Date()), { signal }),
    (outcome) => (state.value = nextCoverageState(state.value, outcome)),
  );
  onBeforeUnmount(() => poller.stop());
  return { state, start: () => poller.start(), refresh: () => poller.refresh(), stop: () => poller.stop() };
}

/** Today's patrol coverage of an area: its figure, each grid's and each grid worker's. */
export function useAreaCoverage(areaCode: string): LiveCoverage<AreaCoverage> {
  return useCoverage((now) => areaCoverageUrl(areaCode, now));
}

/** A grid worker's own patrol coverage today; `missing` until they have a track. */
export function usePersonCoverage(userId: string): LiveCoverage<PersonCoverage> {
  return useCoverage((now) => personCoverageUrl(userId, now));
}
