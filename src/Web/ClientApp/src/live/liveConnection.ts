import type { IncidentStore } from './incidentStore';
import type { LiveScope } from './scopes';
import type { IncidentDelta, ScopeSnapshot } from './types';

/** What the page shows about the live link. */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

/**
 * The part of @microsoft/signalr's HubConnection this wrapper uses; HubConnection satisfies it
 * as it is, and the unit tests drive a fake through the same surface.
 */
export interface HubLink {
  start(): Promise<void>;
  stop(): Promise<void>;
  invoke<T>(methodName: string, ...args: unknown[]): Promise<T>;
  on(methodName: string, handler: (...args: never[]) => void): void;
  onreconnecting(callback: (error?: Error) => void): void;
  onreconnected(callback: (connectionId?: string) => void): void;
  onclose(callback: (error?: Error) => void): void;
}

export interface LiveConnectionOptions {
  /** Delays between restarts once SignalR's own reconnect has given up; the last one repeats. */
  restartDelaysMs?: readonly number[];
  /** The session has ended (401 from the hub): the app returns to sign-in. */
  onUnauthorized?: () => void;
  /** A subscription the hub refused (e.g. the scope is no longer the user's). */
  onSubscriptionError?: (scope: LiveScope, error: unknown) => void;
}

interface Subscription {
  scope: LiveScope;
  store: IncidentStore;
  /** The hub's group name, as the last snapshot named it. */
  topic?: string;
}

/** Whether an error from SignalR means the session is gone (negotiate or a call answered 401). */
export function isUnauthorized(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const { statusCode, message } = error as { statusCode?: unknown; message?: unknown };
  return statusCode === 401 || (typeof message === 'string' && /\b401\b|Unauthorized/.test(message));
}

/**
 * The live hub link of one page: starts the connection, keeps it up (SignalR's automatic
 * reconnect first, then restarts of its own with backoff, forever, until stopped), and after
 * every reconnect subscribes each scope again and resynchronises its store from the fresh
 * snapshot: the group memberships of the old connection are gone, and deltas sent meanwhile
 * were lost (pushes are hints; the snapshot is the truth).
 */
export class LiveConnection {
  // A set, not a map by scope: two views may watch the same scope into stores of their own.
  private readonly subscriptions = new Set<Subscription>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  // Listeners of other pushes (e.g. Assessment) by hub method; each method is registered on the link once.
  private readonly pushListeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly restartDelaysMs: readonly number[];
  private current: ConnectionStatus = 'offline';
  private stopped = true;
  private restartAttempt = 0;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly link: HubLink,
    private readonly options: LiveConnectionOptions = {},
  ) {
    this.restartDelaysMs = options.restartDelaysMs ?? [1000, 2000, 5000, 10000, 15000];
    link.on('Deltas', (batch: IncidentDelta[]) => this.deliver(batch));
    link.onreconnecting(() => this.setStatus('reconnecting'));
    link.onreconnected(() => {
      this.setStatus('online');
      void this.resubscribeAll();
    });
    link.onclose((error) => this.closed(error));
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  /** Calls the listener now and on every change; returns how to stop listening. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.current);
    return () => this.statusListeners.delete(listener);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRestart();
    await this.link.stop();
    this.setStatus('offline');
  }

  /** Tries at once instead of waiting out the backoff (the browser said it is online again). */
  retryNow(): void {
    if (!this.stopped && this.current === 'offline') {
      this.cancelRestart();
      void this.connect();
    }
  }

  /**
   * Watches a scope into a store: subscribes now when online, and again after every reconnect.
   * Returns how to stop watching (the hub's group is left too).
   */
  async watch(scope: LiveScope, store: IncidentStore): Promise<() => Promise<void>> {
    const subscription: Subscription = { scope, store };
    this.subscriptions.add(subscription);
    if (this.current === 'online') {
      await this.subscribe(subscription);
    }
    return async () => {
      if (!this.subscriptions.delete(subscription)) {
        return;
      }
      const stillWatched = [...this.subscriptions].some((other) => other.scope.key === scope.key);
      if (this.current === 'online' && subscription.topic && !stillWatched) {
        // Best effort: a connection that drops leaves its groups anyway.
        await this.link.invoke('Unsubscribe', subscription.topic).catch(() => undefined);
      }
    };
  }

  /**
   * Hears every push of a hub method other than Deltas (e.g. Assessment). The link keeps one
   * handler per method for the page's life, so listeners come and go without piling up handlers.
   */
  onPush<T>(method: string, listener: (payload: T) => void): () => void {
    let listeners = this.pushListeners.get(method);
    if (!listeners) {
      const created = new Set<(payload: unknown) => void>();
      this.pushListeners.set(method, created);
      this.link.on(method, (payload: never) => {
        for (const heard of created) {
          heard(payload);
        }
      });
      listeners = created;
    }
    const added = listener as (payload: unknown) => void;
    listeners.add(added);
    return () => listeners.delete(added);
  }

  /** Calls the hub, for subscriptions this class does not manage itself (they resubscribe on 'online'). */
  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.link.invoke<T>(method, ...args);
  }

  private async connect(): Promise<void> {
    this.setStatus(this.current === 'reconnecting' ? 'reconnecting' : 'connecting');
    try {
      await this.link.start();
    } catch (error) {
      this.failed(error);
      return;
    }
    this.restartAttempt = 0;
    this.setStatus('online');
    await this.resubscribeAll();
  }

  private async resubscribeAll(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => this.subscribe(subscription)));
  }

  private async subscribe(subscription: Subscription): Promise<void> {
    const { scope, store } = subscription;
    store.beginResync();
    try {
      const snapshot = await (scope.argument === undefined
        ? this.link.invoke<ScopeSnapshot>(scope.method)
        : this.link.invoke<ScopeSnapshot>(scope.method, scope.argument));
      // Watching may have stopped while the call was out.
      if (this.subscriptions.has(subscription)) {
        subscription.topic = snapshot.topic;
        store.applySnapshot(snapshot);
      }
    } catch (error) {
      if (isUnauthorized(error)) {
        this.options.onUnauthorized?.();
      } else {
        this.options.onSubscriptionError?.(scope, error);
      }
    }
  }

  private deliver(batch: IncidentDelta[]): void {
    for (const { store } of this.subscriptions) {
      store.applyDeltas(batch);
    }
  }

  private closed(error?: Error): void {
    if (this.stopped) {
      this.setStatus('offline');
      return;
    }
    this.failed(error);
  }

  private failed(error: unknown): void {
    this.setStatus('offline');
    if (isUnauthorized(error)) {
      // No point retrying with a session that has ended; sign-in starts the link again.
      this.stopped = true;
      this.options.onUnauthorized?.();
      return;
    }
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.stopped || this.restartTimer !== null) {
      return;
    }
    const delays = this.restartDelaysMs;
    const delay = delays[Math.min(this.restartAttempt, delays.length - 1)] ?? 1000;
    this.restartAttempt++;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped) {
        void this.connect();
      }
    }, delay);
  }

  private cancelRestart(): void {
    if (this.restartTimer !== null) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
    }
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.current) {
      return;
    }
    this.current = status;
    for (const listener of this.statusListeners) {
      listener(status);
    }
  }
}
