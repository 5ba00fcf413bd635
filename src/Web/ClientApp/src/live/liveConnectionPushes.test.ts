import { describe, expect, it } from 'vitest';
import { LiveConnection, type HubLink } from './liveConnection';

/** A link that records the handlers registered on it, to check that listeners do not pile them up. */
class RecordingLink implements HubLink {
  readonly handlers = new Map<string, Array<(payload: unknown) => void>>();
  start = () => Promise.resolve();
  stop = () => Promise.resolve();
  invoke<T>(): Promise<T> {
    return Promise.resolve(undefined as T);
  }
  on(method: string, handler: (...args: never[]) => void): void {
    this.handlers.set(method, [...(this.handlers.get(method) ?? []), handler as unknown as (payload: unknown) => void]);
  }
  onreconnecting(): void {}
  onreconnected(): void {}
  onclose(): void {}
  push(method: string, payload: unknown): void {
    for (const handler of this.handlers.get(method) ?? []) {
      handler(payload);
    }
  }
}

describe('LiveConnection pushes other than deltas', () => {
  it('registers one handler per hub method however many listeners come and go', () => {
    const link = new RecordingLink();
    const connection = new LiveConnection(link);
    const heard: string[] = [];
    for (let round = 0; round < 100; round++) {
      const stop = connection.onPush<string>('Assessment', (payload) => heard.push(`${round}:${payload}`));
      if (round < 99) {
        stop();
      }
    }
    link.push('Assessment', 'figures');
    expect(link.handlers.get('Assessment')).toHaveLength(1);
    expect(heard).toEqual(['99:figures']);
  });
});
