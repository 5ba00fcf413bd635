import { onBeforeUnmount, onMounted, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { createHubLink } from './hubLink';
import { IncidentStore, type IncidentStoreOptions } from './incidentStore';
import { LiveConnection, type ConnectionStatus } from './liveConnection';
import type { LiveScope } from './scopes';
import type { IncidentSummary } from './types';
import { httpSettings } from '../api/http';

let shared: LiveConnection | null = null;
const status = ref<ConnectionStatus>('offline');
let listeningToBrowser = false;

/** The page's one hub connection, started on first use; a session that ends stops it. */
export function liveConnection(): LiveConnection {
  if (!shared) {
    shared = new LiveConnection(createHubLink(), { onUnauthorized: () => httpSettings.onUnauthorized() });
    shared.onStatus((next) => (status.value = next));
    if (!listeningToBrowser) {
      // The browser knows before SignalR's backoff does when the network is back.
      window.addEventListener('online', () => shared?.retryNow());
      listeningToBrowser = true;
    }
    void shared.start();
  }
  return shared;
}

/** Stops the connection (sign-out or an ended session); the next use starts a fresh one. */
export async function closeLiveConnection(): Promise<void> {
  const connection = shared;
  shared = null;
  await connection?.stop();
  status.value = 'offline';
}

export function useConnectionStatus(): Ref<ConnectionStatus> {
  return status;
}

/**
 * The live cases of a scope for a view: a store watched on the shared connection while the view
 * is mounted, exposed as a list that is replaced (not mutated) on every change, so rendering
 * follows batches rather than single cases.
 */
export function useLiveScope(scope: () => LiveScope | null, options: IncidentStoreOptions = {}): { cases: ShallowRef<IncidentSummary[]>; store: ShallowRef<IncidentStore | null> } {
  const cases = shallowRef<IncidentSummary[]>([]);
  const store = shallowRef<IncidentStore | null>(null);
  let stopWatching: Promise<() => Promise<void>> | null = null;
  let stopListening: (() => void) | null = null;

  onMounted(() => {
    const watched = scope();
    if (!watched) {
      return;
    }
    const created = new IncidentStore(watched.contains, options);
    stopListening = created.subscribe(() => (cases.value = created.values()));
    store.value = created;
    stopWatching = liveConnection().watch(watched, created);
  });

  onBeforeUnmount(() => {
    stopListening?.();
    // Also when the view leaves before its first snapshot arrived: the watch is undone once it is set up.
    void stopWatching?.then((stop) => stop());
  });

  return { cases, store };
}
