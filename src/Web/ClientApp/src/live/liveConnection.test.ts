import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IncidentStore } from './incidentStore';
import { isUnauthorized, LiveConnection, type ConnectionStatus, type HubLink } from './liveConnection';
import { areaScope, reportsScope } from './scopes';
import { delta, snapshot, summary } from './testing';
import type { IncidentDelta, ScopeSnapshot } from './types';

/** A hub that answers subscriptions from a scripted server state and lets the test drop the link. */
class FakeHub implements HubLink {
  readonly invocations: Array<{ method: string; args: unknown[] }> = [];
  server: ScopeSnapshot = snapshot([]);
  startFailures: unknown[] = [];
  private deltas: ((batch: IncidentDelta[]) => void) | null = null;
  private reconnecting: ((error?: Error) => void) | null = null;
  private reconnected: ((id?: string) => void) | null = null;
  private close: ((error?: Error) => void) | null = null;

  start(): Promise<void> {
    const failure = this.startFailures.shift();
    return failure === undefined ? Promise.resolve() : Promise.reject(failure);
  }
  stop(): Promise<void> {
    this.close?.();
    return Promise.resolve();
  }
  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    this.invocations.push({ method, args });
    return Promise.resolve(structuredClone(this.server) as T);
  }
  on(method: string, handler: (...args: never[]) => void): void {
    if (method === 'Deltas') {
      this.deltas = handler as unknown as (batch: IncidentDelta[]) => void;
    }
  }
  onreconnecting(callback: (error?: Error) => void): void {
    this.reconnecting = callback;
  }
  onreconnected(callback: (id?: string) => void): void {
    this.reconnected = callback;
  }
  onclose(callback: (error?: Error) => void): void {
    this.close = callback;
  }

  push(...batch: IncidentDelta[]): void {
    this.deltas?.(batch);
  }
  drop(): void {
    this.reconnecting?.(new Error('WebSocket closed with status code: 1006'));
  }
  recover(): void {
    this.reconnected?.('next-connection');
  }
  giveUp(error = new Error('reconnect attempts exhausted')): void {
    this.close?.(error);
  }
  subscriptions(): number {
    return this.invocations.filter((call) => call.method === 'SubscribeArea').length;
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('LiveConnection', () => {
  let hub: FakeHub;
  let statuses: ConnectionStatus[];

  beforeEach(() => {
    hub = new FakeHub();
    statuses = [];
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('subscribes a watched scope when it comes online and applies the snapshot', async () => {
    const connection = new LiveConnection(hub);
    connection.onStatus((status) => statuses.push(status));
    const store = new IncidentStore(areaScope('510802').contains);
    hub.server = snapshot([summary('a', 1), summary('b', 1)]);

    await connection.watch(areaScope('510802'), store);
    expect(hub.subscriptions()).toBe(0);
    await connection.start();

    expect(statuses).toEqual(['offline', 'connecting', 'online']);
    expect(hub.invocations[0]).toEqual({ method: 'SubscribeArea', args: ['510802'] });
    expect(store.size).toBe(2);
  });

  it("subscribes to the caller's reports without an argument and keeps only the cases they know to be theirs", async () => {
    const connection = new LiveConnection(hub);
    const mine = new Set(['mine']);
    const scope = reportsScope((id) => mine.has(id));
    const store = new IncidentStore(scope.contains);
    hub.server = snapshot([], 'reporter:gw-1');
    await connection.start();
    await connection.watch(scope, store);

    // The hub method takes no argument: sending one (even undefined, as null) makes SignalR refuse the call.
    expect(hub.invocations[0]).toEqual({ method: 'SubscribeReports', args: [] });
    hub.push(delta('mine', 2, { mergedInto: 'original' }), delta('someone-elses', 1));
    expect(store.values().map((held) => held.id)).toEqual(['mine']);
    expect(store.get('mine')?.mergedInto).toBe('original');
  });

  it('routes pushed deltas into every watched store', async () => {
    const connection = new LiveConnection(hub);
    const store = new IncidentStore(areaScope('510802').contains);
    await connection.start();
    await connection.watch(areaScope('510802'), store);

    hub.push(delta('a', 1), delta('a', 2, { state: 'Registered' }));
    expect(store.get('a')).toMatchObject({ version: 2, state: 'Registered' });
  });

  it('shows reconnecting, then resubscribes and resynchronises after a reconnect', async () => {
    const connection = new LiveConnection(hub);
    connection.onStatus((status) => statuses.push(status));
    const store = new IncidentStore(areaScope('510802').contains);
    hub.server = snapshot([summary('a', 1), summary('b', 1)]);
    await connection.start();
    await connection.watch(areaScope('510802'), store);

    hub.drop();
    expect(connection.status).toBe('reconnecting');
    // Meanwhile on the server: b closed, a moved on, c was reported; no delta reached the page.
    hub.server = snapshot([summary('a', 3, { state: 'Dispatched' }), summary('c', 1)]);
    hub.recover();
    await flush();

    expect(connection.status).toBe('online');
    expect(hub.subscriptions()).toBe(2);
    expect(store.values().map((s) => s.id).sort()).toEqual(['a', 'c']);
    expect(store.get('a')).toMatchObject({ version: 3, state: 'Dispatched' });
    expect(statuses).toEqual(['offline', 'connecting', 'online', 'reconnecting', 'online']);
  });

  it('goes offline when SignalR gives up and restarts by itself with backoff', async () => {
    vi.useFakeTimers();
    const connection = new LiveConnection(hub, { restartDelaysMs: [1000, 5000] });
    const store = new IncidentStore(areaScope('510802').contains);
    await connection.start();
    await connection.watch(areaScope('510802'), store);

    hub.startFailures = [new Error('Failed to fetch'), new Error('Failed to fetch')];
    hub.giveUp();
    expect(connection.status).toBe('offline');

    await vi.advanceTimersByTimeAsync(1000);
    expect(connection.status).toBe('offline');
    await vi.advanceTimersByTimeAsync(4999);
    expect(hub.subscriptions()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(connection.status).toBe('offline');
    hub.server = snapshot([summary('new', 1)]);
    await vi.advanceTimersByTimeAsync(5000);

    expect(connection.status).toBe('online');
    expect(hub.subscriptions()).toBe(2);
    expect(store.values().map((s) => s.id)).toEqual(['new']);
  });

  it('stops retrying and reports an ended session on 401', async () => {
    vi.useFakeTimers();
    const onUnauthorized = vi.fn();
    const connection = new LiveConnection(hub, { onUnauthorized, restartDelaysMs: [10] });
    hub.startFailures = [Object.assign(new Error('Unauthorized'), { statusCode: 401 })];

    await connection.start();
    await vi.advanceTimersByTimeAsync(1000);

    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(connection.status).toBe('offline');
    expect(hub.subscriptions()).toBe(0);
  });

  it('does not restart after it was stopped', async () => {
    vi.useFakeTimers();
    const connection = new LiveConnection(hub, { restartDelaysMs: [10] });
    await connection.start();
    await connection.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(connection.status).toBe('offline');
  });

  it('stops applying deltas to a store that is no longer watched', async () => {
    const connection = new LiveConnection(hub);
    const store = new IncidentStore(areaScope('510802').contains);
    await connection.start();
    const unwatch = await connection.watch(areaScope('510802'), store);
    await unwatch();

    hub.push(delta('a', 1));
    expect(store.size).toBe(0);
    expect(hub.invocations.at(-1)).toEqual({ method: 'Unsubscribe', args: ['area:510802'] });
  });

  it('feeds two views watching the same scope and keeps the group while one still watches', async () => {
    const connection = new LiveConnection(hub);
    const console = new IncidentStore(areaScope('510802').contains);
    const panel = new IncidentStore(areaScope('510802').contains);
    await connection.start();
    const unwatchConsole = await connection.watch(areaScope('510802'), console);
    const unwatchPanel = await connection.watch(areaScope('510802'), panel);

    hub.push(delta('a', 1));
    expect(console.size).toBe(1);
    expect(panel.size).toBe(1);

    await unwatchPanel();
    expect(hub.invocations.some((call) => call.method === 'Unsubscribe')).toBe(false);
    hub.push(delta('b', 1));
    expect(console.size).toBe(2);
    expect(panel.size).toBe(1);

    await unwatchConsole();
    expect(hub.invocations.at(-1)).toEqual({ method: 'Unsubscribe', args: ['area:510802'] });
  });
});

describe('isUnauthorized', () => {
  it('recognises the ways SignalR reports a 401', () => {
    expect(isUnauthorized({ statusCode: 401 })).toBe(true);
    expect(isUnauthorized(new Error("Failed to complete negotiation with the server: Error: Unauthorized: Status code '401'"))).toBe(true);
    expect(isUnauthorized(new Error('WebSocket closed with status code: 1006'))).toBe(false);
    expect(isUnauthorized(undefined)).toBe(false);
  });
});
