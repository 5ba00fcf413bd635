import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { liveConnection } from '../live/useLive';
import { fixOf, type Fix, type PositionReport } from './fixes';
import { PositionUploader } from './positionUploader';
import { TrackStore } from './trackStore';

/** What the worker is told about their position: shared, paused by them, or not to be had. */
export type SharingState = 'starting' | 'sharing' | 'paused' | 'denied' | 'unavailable' | 'unsupported';

export interface PositionSharing {
  state: Ref<SharingState>;
  /** Fixes on the device not yet acknowledged by the server. */
  waiting: Ref<number>;
  /** The last fix kept (shown as "last shared", and read by the browser tests). */
  lastFix: Ref<Fix | null>;
  pause(): void;
  resume(): void;
}

export interface SharingOptions {
  /** Off by default: the network's position is enough for a patrol track and spares the battery. */
  highAccuracy?: boolean;
  heartbeatMs?: number;
}

/** One track per login: another person signing in on the same phone never sends these fixes. */
export const trackName = (login: string) => `ruleoflaw-track-${login}`;
const pausedKey = (login: string) => `ruleoflaw.positions.paused.${login}`;

/**
 * Shares the device's position while the view is open: watches it, keeps each useful fix in the
 * device's track and sends the track over the live hub in batches (UpdatePositions), and tells the
 * hub every 30 s that the device is there (Heartbeat: presence, with or without a fix). A pause is
 * the worker's choice, remembered on the device: no position is taken while paused.
 */
export function usePositionSharing(login: string, options: SharingOptions = {}): PositionSharing {
  const state = ref<SharingState>(localStorage.getItem(pausedKey(login)) === '1' ? 'paused' : 'starting');
  const waiting = ref(0);
  const lastFix = ref<Fix | null>(null);
  let watchId: number | null = null;
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let unlisten: (() => void) | null = null;
  let store: TrackStore | null = null;
  let uploader: PositionUploader | null = null;
  let left = false;

  function watch() {
    if (watchId !== null || !uploader) {
      return;
    }
    if (!('geolocation' in navigator)) {
      state.value = 'unsupported';
      return;
    }
    state.value = 'starting';
    const sender = uploader;
    watchId = navigator.geolocation.watchPosition(
      (position) => {
        state.value = 'sharing';
        const fix = fixOf(position);
        void sender.record(fix).then((kept) => {
          if (kept) {
            lastFix.value = fix;
          }
        });
      },
      (error) => {
        // A timeout or a lost signal does not end the watch: the next fix brings sharing back.
        state.value = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable';
      },
      { enableHighAccuracy: options.highAccuracy ?? false, maximumAge: 5000, timeout: 30000 },
    );
  }

  function unwatch() {
    if (watchId !== null) {
      navigator.geolocation.clearWatch(watchId);
      watchId = null;
    }
  }

  onMounted(async () => {
    const connection = liveConnection();
    const opened = await TrackStore.open(trackName(login));
    if (left) {
      opened.close();
      return;
    }
    store = opened;
    uploader = new PositionUploader(opened, {
      connected: () => connection.status === 'online',
      send: (reports: PositionReport[]) => connection.invoke<void>('UpdatePositions', reports),
    }, { onChange: (snapshot) => (waiting.value = snapshot.waiting) });
    const started = uploader;
    // Back online: the track gathered meanwhile goes at once, not at the next tick.
    unlisten = connection.onStatus((status) => {
      if (status === 'online') {
        void started.flush();
      }
    });
    heartbeat = setInterval(() => {
      if (connection.status === 'online') {
        connection.invoke<void>('Heartbeat').catch(() => undefined);
      }
    }, options.heartbeatMs ?? 30000);
    // Not awaited: what an earlier page left is sent while the watch already runs.
    void started.start();
    if (state.value !== 'paused') {
      watch();
    }
  });

  onBeforeUnmount(() => {
    left = true;
    unwatch();
    unlisten?.();
    if (heartbeat !== null) {
      clearInterval(heartbeat);
    }
    const closing = uploader;
    const track = store;
    closing?.stop();
    // A batch out now is still recorded as acknowledged (or kept) before the track closes.
    void (closing?.idle() ?? Promise.resolve()).then(() => track?.close());
  });

  return {
    state,
    waiting,
    lastFix,
    pause() {
      localStorage.setItem(pausedKey(login), '1');
      unwatch();
      state.value = 'paused';
    },
    resume() {
      localStorage.removeItem(pausedKey(login));
      state.value = 'starting';
      watch();
    },
  };
}
