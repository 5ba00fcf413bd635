import { watch, type Ref } from 'vue';

/**
 * Typed input kept in sessionStorage while it is typed, so that a session that expires mid-form
 * (any 401 sends the user to sign in) costs nothing: the form restores it when it is shown again.
 * sessionStorage belongs to the tab, so it outlives the page but not the tab; a deliberate
 * sign-out clears every draft, so the next person on a shared screen does not see them.
 */
const prefix = 'ruleoflaw.draft.';

export function loadDraft<T>(key: string): T | null {
  const text = storage()?.getItem(prefix + key);
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, value: unknown): void {
  storage()?.setItem(prefix + key, JSON.stringify(value));
}

export function discardDraft(key: string): void {
  storage()?.removeItem(prefix + key);
}

export function discardAllDrafts(): void {
  const store = storage();
  if (!store) {
    return;
  }
  for (const key of Object.keys(store)) {
    if (key.startsWith(prefix)) {
      store.removeItem(key);
    }
  }
}

/** Restores the draft into the ref now, then saves every change of it. */
export function useDraft<T extends object>(key: string, form: Ref<T>): { discard: () => void } {
  const saved = loadDraft<Partial<T>>(key);
  if (saved) {
    form.value = { ...form.value, ...saved };
  }
  watch(form, (value) => saveDraft(key, value), { deep: true });
  return { discard: () => discardDraft(key) };
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
