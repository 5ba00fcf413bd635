import { reactive, readonly } from 'vue';
import { api, ApiError, httpSettings } from '../api/http';
import { discardAllDrafts } from './drafts';
import type { Role, UnitKind } from './roles';

/** Who is signed in (ProfileResponse of src/Web/Sessions/SessionApi.cs). */
export interface Profile {
  login: string;
  displayName: string;
  role: Role;
  area: string;
  unit: string | null;
  /** The kind of the unit: a FieldTeam's member works from a phone, not the console. */
  unitKind: UnitKind | null;
}

interface SessionResponse {
  user: Profile;
  antiforgeryToken: string | null;
  expiresAt: string | null;
}

interface SessionState {
  user: Profile | null;
  /** The last answer of GET /api/session has been seen (the guard waits for it once). */
  known: boolean;
  /** The session ended on its own (a 401), as opposed to never having started or a sign-out. */
  expired: boolean;
}

const state = reactive<SessionState>({ user: null, known: false, expired: false });

export const session = readonly(state);

const expiryListeners = new Set<() => void>();

/** Called whenever a call answers 401 while someone was signed in. */
export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

httpSettings.onUnauthorized = () => {
  if (state.user === null) {
    return;
  }
  state.user = null;
  state.expired = true;
  httpSettings.antiforgeryToken = null;
  for (const listener of expiryListeners) {
    listener();
  }
};

function accept(response: SessionResponse): Profile {
  httpSettings.antiforgeryToken = response.antiforgeryToken;
  state.user = response.user;
  state.known = true;
  state.expired = false;
  return response.user;
}

/** Asks the node who is signed in (the cookie survives a reload; the token does not). */
export async function loadSession(): Promise<Profile | null> {
  try {
    return accept(await api<SessionResponse>('/api/session'));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) {
      throw error;
    }
    state.user = null;
    state.known = true;
    return null;
  }
}

export async function signIn(login: string, password: string): Promise<Profile> {
  return accept(await api<SessionResponse>('/api/session', { method: 'POST', body: { login, password } }));
}

/** Ends the session on the node and forgets this tab's drafts (the next person must not see them). */
export async function signOut(): Promise<void> {
  try {
    await api<void>('/api/session', { method: 'DELETE' });
  } catch (error) {
    // Already ended on the server: signing out locally is all that is left to do.
    if (!(error instanceof ApiError) || error.status !== 401) {
      throw error;
    }
  } finally {
    discardAllDrafts();
    httpSettings.antiforgeryToken = null;
    state.user = null;
    state.expired = false;
  }
}
