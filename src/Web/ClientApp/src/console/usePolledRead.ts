import { onUnmounted, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import { api, ApiError } from '../api/http';

export interface PolledRead<T> {
  data: ShallowRef<T | null>;
  error: Ref<string | null>;
  reload: () => Promise<void>;
}

/**
 * A queue the live hub does not push (督办, 吹哨报到): read on opening, whenever `refresh` changes
 * (a step was taken on this page), and every `everyMs` for what others did meanwhile. The last
 * read started wins; a failed read keeps the last good answer beside its message.
 */
export function usePolledRead<T>(path: string, refresh: () => unknown, networkMessage: () => string, everyMs = 60_000): PolledRead<T> {
  const data = shallowRef<T | null>(null);
  const error = ref<string | null>(null);
  let ticket = 0;

  async function reload() {
    const mine = ++ticket;
    try {
      const answer = await api<T>(path);
      if (mine === ticket) {
        data.value = answer;
        error.value = null;
      }
    } catch (failure) {
      if (mine === ticket) {
        error.value = failure instanceof ApiError && failure.status === 0 ? networkMessage() : failure instanceof Error ? failure.message : String(failure);
      }
    }
  }

  watch(refresh, () => void reload());
  void reload();
  const timer = setInterval(() => void reload(), everyMs);
  onUnmounted(() => clearInterval(timer));
  return { data, error, reload };
}
