import { onUnmounted, ref, type Ref } from 'vue';

/** The page's clock, ticking every `everyMs`: a deadline's colour changes while the page stays open. */
export function useNow(everyMs = 30_000): Ref<number> {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), everyMs);
  onUnmounted(() => clearInterval(timer));
  return now;
}
