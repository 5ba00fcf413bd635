import { onBeforeUnmount, onMounted, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { api, ApiError } from '../api/http';
import { liveConnection, useLiveScope } from '../live/useLive';
import { unitScope } from '../live/scopes';
import { choicesOf, isNewer, refusedChoices, type TeamStatusChoice, type TeamUpdate, type TeamView } from './teamStatus';

export interface Refusal {
  /** The HTTP status; 0 when the server could not be reached. */
  status: number;
  message: string;
  /** The steps the server allows from the status it holds (a 409's `choices`, local names included). */
  allowed: TeamStatusChoice[];
}

export interface TeamState {
  team: ShallowRef<TeamView | null>;
  /** The next statuses offered, local names included: the held view's choices, or the server's after a refusal. */
  allowed: Ref<TeamStatusChoice[]>;
  loadFailed: Ref<boolean>;
  busy: Ref<boolean>;
  refusal: ShallowRef<Refusal | null>;
  /** Sends `value`, a canonical name or a local code (a choice's `value`). */
  change(value: string, reason: string): Promise<boolean>;
}

/**
 * The member's own team: read from the API, then kept current by the hub's `Teams` pushes on the
 * team's unit topic (joined through the team's unit scope, which the live connection subscribes
 * again after every reconnect), and read again whenever the link comes back, since pushes are hints.
 */
export function useTeam(teamId: string): TeamState {
  const team = shallowRef<TeamView | null>(null);
  const allowed = ref<TeamStatusChoice[]>([]);
  const loadFailed = ref(false);
  const busy = ref(false);
  const refusal = shallowRef<Refusal | null>(null);
  const cleanups: (() => void)[] = [];
  let retry: ReturnType<typeof setTimeout> | null = null;

  // The team's unit topic carries its status pushes (and the cases assigned to it).
  useLiveScope(() => unitScope(teamId));

  function hold(view: TeamView, force = false) {
    if (force || isNewer(team.value, view)) {
      if (team.value && (team.value.status !== view.status || team.value.localStatus?.code !== view.localStatus?.code)) {
        // A refusal speaks of the status it met: once the team has moved on, it no longer holds.
        refusal.value = null;
      }
      team.value = view;
      allowed.value = choicesOf(view);
    }
  }

  async function load() {
    if (retry !== null) {
      clearTimeout(retry);
      retry = null;
    }
    try {
      hold(await api<TeamView>(`/api/teams/${encodeURIComponent(teamId)}`), true);
      loadFailed.value = false;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        return;
      }
      loadFailed.value = true;
      retry = setTimeout(() => void load(), 5000);
    }
  }

  onMounted(() => {
    const connection = liveConnection();
    cleanups.push(connection.onPush<TeamUpdate[]>('Teams', (updates) => {
      for (const update of updates) {
        if (update.team.teamId === teamId) {
          hold(update.team);
        }
      }
    }));
    let wasOnline = connection.status === 'online';
    cleanups.push(connection.onStatus((status) => {
      if (status === 'online' && !wasOnline) {
        void load();
      }
      wasOnline = status === 'online';
    }));
    void load();
  });

  onBeforeUnmount(() => {
    cleanups.forEach((cleanup) => cleanup());
    if (retry !== null) {
      clearTimeout(retry);
    }
  });

  async function change(status: string, reason: string): Promise<boolean> {
    busy.value = true;
    refusal.value = null;
    try {
      const trimmed = reason.trim();
      hold(await api<TeamView>(`/api/teams/${encodeURIComponent(teamId)}/status`, { method: 'POST', body: { status, reason: trimmed === '' ? null : trimmed } }), true);
      return true;
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      const steps = refusedChoices(error.problem);
      if (error.status === 409) {
        // The team moved on without this page hearing of it: the server's status is the truth.
        await load();
        allowed.value = steps;
      }
      refusal.value = { status: error.status, message: error.message, allowed: steps };
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { team, allowed, loadFailed, busy, refusal, change };
}
