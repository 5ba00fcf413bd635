import { onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import { api, ApiError } from '../api/http';
import { IncidentStore } from '../live/incidentStore';
import { reportsScope } from '../live/scopes';
import { liveConnection } from '../live/useLive';
import type { QueuedReport } from './reportQueue';
import { applySummaries, followedIds, ordered, type OwnReport, type OwnReportsAnswer } from './myReports';

export interface MyReportsView {
  items: ShallowRef<OwnReport[]>;
  loading: Ref<boolean>;
  /** Why the last read failed (status 0: no network); null after a good read. */
  failure: Ref<ApiError | null>;
  refresh(): Promise<void>;
}

/** How many reports the list shows: a shift's worth and more, not the worker's whole history. */
export const myReportsLimit = 30;

/**
 * The worker's own reports: read from GET /api/me/reports, then kept current by the hub's
 * reporter channel (every change of their reports and of the cases those were merged into). Read
 * again after each (re)subscription, after a report leaves the device's queue (sent), and when a
 * report went into a case the list has not read.
 */
export function useMyReports(queueItems: ShallowRef<QueuedReport[]>): MyReportsView {
  const items = shallowRef<OwnReport[]>([]);
  const loading = ref(true);
  const failure = ref<ApiError | null>(null);
  let followed = new Set<string>();
  let reading: Promise<void> | null = null;
  let again = false;
  let stopWatching: Promise<() => Promise<void>> | null = null;
  let stopListening: (() => void) | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  function show(next: OwnReport[]) {
    items.value = ordered(next);
    followed = followedIds(next);
  }

  // One read at a time; a request during a read is served by one more read after it.
  async function refresh(): Promise<void> {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      do {
        again = false;
        try {
          const answer = await api<OwnReportsAnswer>(`/api/me/reports?limit=${myReportsLimit}`);
          show(answer.items);
          failure.value = null;
        } catch (error) {
          failure.value = error instanceof ApiError ? error : new ApiError({ status: 0, title: String(error) });
        }
      } while (again);
      loading.value = false;
    })().finally(() => (reading = null));
    return reading;
  }

  function refreshSoon() {
    if (refreshTimer === null) {
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        void refresh();
      }, 300);
    }
  }

  onMounted(() => {
    void refresh();
    const scope = reportsScope((id) => followed.has(id));
    const store = new IncidentStore(scope.contains);
    let snapshotAt = store.takenAt;
    stopListening = store.subscribe(() => {
      if (store.takenAt !== snapshotAt) {
        // (Re)subscribed: what changed while the link was down is read, not pieced together.
        snapshotAt = store.takenAt;
        void refresh();
        return;
      }
      const applied = applySummaries(items.value, store.values());
      if (applied.changed) {
        show(applied.items);
      }
      if (applied.stale) {
        refreshSoon();
      }
    });
    stopWatching = liveConnection().watch(scope, store);
  });

  // Sync: a report sent at once enters and leaves the queue within one tick.
  watch(
    () => queueItems.value.length,
    (length, previous) => {
      if (length < previous) {
        refreshSoon();
      }
    },
    { flush: 'sync' },
  );

  onBeforeUnmount(() => {
    stopListening?.();
    void stopWatching?.then((stop) => stop());
    if (refreshTimer !== null) {
      clearTimeout(refreshTimer);
    }
  });

  return { items, loading, failure, refresh };
}
