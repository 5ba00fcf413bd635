import type { CounterTable, IncidentDelta, IncidentState, IncidentSummary, ScopeSnapshot } from './types';

export interface IncidentStoreOptions {
  /**
   * How many versions of cases that left the scope are remembered, so that an older delta or
   * snapshot cannot bring them back. Bounded: a wall view stays open for days.
   */
  departedLimit?: number;
}

/**
 * The cases of one live scope, keyed by id. Pushes are hints (architecture.md): a delta is applied
 * only when its version is newer than what is held, and a snapshot from (re)subscribing replaces
 * the whole set at once. Listeners hear of each batch and each snapshot once, never per case.
 */
export class IncidentStore {
  private held = new Map<string, IncidentSummary>();
  private readonly departed = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly departedLimit: number;
  // Cases a delta touched since the resubscription was sent: the snapshot may predate them.
  private touchedDuringResync: Set<string> | null = null;
  private snapshotCounters: CounterTable | null = null;
  private synchronisedAt: string | null = null;
  private revisionNumber = 0;

  constructor(
    private readonly contains: (summary: IncidentSummary) => boolean,
    options: IncidentStoreOptions = {},
  ) {
    this.departedLimit = options.departedLimit ?? 5000;
  }

  get size(): number {
    return this.held.size;
  }

  /** Grows by one for every batch or snapshot that changed something; views key redraws on it. */
  get revision(): number {
    return this.revisionNumber;
  }

  /** The counters the last snapshot carried (area scopes only), as the server counted them. */
  get counters(): CounterTable | null {
    return this.snapshotCounters;
  }

  /** When the last snapshot was taken (server time); null before the first. */
  get takenAt(): string | null {
    return this.synchronisedAt;
  }

  /** Whether a resubscription is under way (between beginResync and applySnapshot). */
  get resynchronising(): boolean {
    return this.touchedDuringResync !== null;
  }

  get(id: string): IncidentSummary | undefined {
    return this.held.get(id);
  }

  values(): IncidentSummary[] {
    return [...this.held.values()];
  }

  /** Open cases by state, counted from what is held (kept current by deltas between snapshots). */
  countByState(): Map<IncidentState, number> {
    const counts = new Map<IncidentState, number>();
    for (const summary of this.held.values()) {
      counts.set(summary.state, (counts.get(summary.state) ?? 0) + 1);
    }
    return counts;
  }

  /** The newest version known for a case, held or departed; 0 when it was never seen. */
  versionOf(id: string): number {
    return Math.max(this.held.get(id)?.version ?? 0, this.departed.get(id) ?? 0);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a batch in order; returns how many deltas were newer than what was known. */
  applyDeltas(deltas: readonly IncidentDelta[]): number {
    let applied = 0;
    for (const delta of deltas) {
      if (this.applyOne(delta)) {
        applied++;
      }
    }
    if (applied > 0) {
      this.changed();
    }
    return applied;
  }

  /**
   * Marks the start of a resubscription: deltas that arrive before its snapshot are applied as
   * usual and remembered, because the hub joins the group before it reads the snapshot.
   */
  beginResync(): void {
    this.touchedDuringResync = new Set();
  }

  /**
   * Replaces the held set with the snapshot in one step. Per case the newer version wins, so a
   * delta that overtook the snapshot is not rolled back; a held case the snapshot lacks has left
   * the scope, unless a delta touched it during the resync (it may have entered after the read).
   */
  applySnapshot(snapshot: ScopeSnapshot): void {
    const next = new Map<string, IncidentSummary>();
    for (const fromSnapshot of snapshot.incidents) {
      const held = this.held.get(fromSnapshot.id);
      const departedAt = this.departed.get(fromSnapshot.id);
      if (held && held.version >= fromSnapshot.version) {
        next.set(held.id, held);
      } else if (departedAt !== undefined && departedAt >= fromSnapshot.version) {
        continue;
      } else if (this.contains(fromSnapshot)) {
        next.set(fromSnapshot.id, fromSnapshot);
        this.departed.delete(fromSnapshot.id);
      }
    }

    for (const [id, held] of this.held) {
      if (next.has(id)) {
        continue;
      }
      if (this.touchedDuringResync?.has(id)) {
        next.set(id, held);
      } else {
        this.rememberDeparted(id, held.version);
      }
    }

    this.held = next;
    this.touchedDuringResync = null;
    this.snapshotCounters = snapshot.counters;
    this.synchronisedAt = snapshot.takenAt;
    this.changed();
  }

  /** Forgets everything (another user signed in, or the scope changed). */
  clear(): void {
    this.held = new Map();
    this.departed.clear();
    this.touchedDuringResync = null;
    this.snapshotCounters = null;
    this.synchronisedAt = null;
    this.changed();
  }

  private applyOne(delta: IncidentDelta): boolean {
    const id = delta.incidentId;
    if (delta.version <= this.versionOf(id)) {
      return false;
    }

    this.touchedDuringResync?.add(id);
    // The delta's version is the authority; the summary inside carries the same number.
    const summary: IncidentSummary = { ...delta.summary, id, version: delta.version };
    if (this.contains(summary)) {
      this.held.set(id, summary);
      this.departed.delete(id);
    } else {
      this.held.delete(id);
      this.rememberDeparted(id, delta.version);
    }
    return true;
  }

  private rememberDeparted(id: string, version: number): void {
    this.departed.delete(id);
    this.departed.set(id, version);
    // Maps iterate in insertion order: the first key is the longest-departed case.
    while (this.departed.size > this.departedLimit) {
      const oldest = this.departed.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.departed.delete(oldest);
    }
  }

  private changed(): void {
    this.revisionNumber++;
    for (const listener of this.listeners) {
      listener();
    }
  }
}
