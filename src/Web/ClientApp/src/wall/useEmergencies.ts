import { onBeforeUnmount, shallowRef, watch, type ShallowRef } from 'vue';
import type { IncidentStore } from '../live/incidentStore';
import type { IncidentSummary } from '../live/types';
import { AnnouncementQueue, EmergencyWatch, announcementOf, type Announcement } from './announcements';

export interface EmergencyBanner {
  current: ShallowRef<Announcement | null>;
  waiting: ShallowRef<readonly Announcement[]>;
  history: ShallowRef<readonly Announcement[]>;
}

/**
 * New emergencies among the wall's open cases, announced one at a time. The queue is pure; this
 * keeps one timer, set to the queue's next change and cleared when the wall closes.
 */
export function useEmergencies(cases: ShallowRef<IncidentSummary[]>, store: ShallowRef<IncidentStore | null>): EmergencyBanner {
  const emergencies = new EmergencyWatch();
  const queue = new AnnouncementQueue();
  const current = shallowRef<Announcement | null>(null);
  const waiting = shallowRef<readonly Announcement[]>([]);
  const history = shallowRef<readonly Announcement[]>([]);
  let timer: ReturnType<typeof setTimeout> | null = null;

  const publish = () => {
    current.value = queue.current;
    waiting.value = [...queue.upcoming];
    history.value = [...queue.history];
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    const next = queue.nextChangeAt();
    if (next !== null) {
      timer = setTimeout(() => {
        timer = null;
        queue.advance(Date.now());
        publish();
      }, Math.max(0, next - Date.now()));
    }
  };

  watch(cases, (held) => {
    const fresh = emergencies.observe(held, store.value?.takenAt ?? null);
    if (fresh.length === 0) {
      return;
    }
    const now = Date.now();
    for (const item of fresh) {
      queue.add(announcementOf(item), now);
    }
    publish();
  });

  onBeforeUnmount(() => {
    if (timer !== null) {
      clearTimeout(timer);
    }
  });

  return { current, waiting, history };
}
