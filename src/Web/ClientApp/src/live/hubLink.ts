import { HubConnectionBuilder, LogLevel, type HubConnection, type RetryContext } from '@microsoft/signalr';
import { isUnauthorized } from './liveConnection';

/** The hub's path on the node (LiveHub.Path). */
export const liveHubPath = '/hubs/live';

/** SignalR's own quick reconnects; after these the LiveConnection restarts with its backoff. */
const reconnectDelaysMs = [0, 1000, 2000, 5000];

/**
 * The real hub connection, on the page's own origin with the session cookie. A 401 ends the
 * reconnect attempts at once: the session has ended and only signing in again helps.
 */
export function createHubLink(url: string = liveHubPath): HubConnection {
  return new HubConnectionBuilder()
    .withUrl(url, { withCredentials: true })
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: (context: RetryContext) =>
        isUnauthorized(context.retryReason) ? null : (reconnectDelaysMs[context.previousRetryCount] ?? null),
    })
    .configureLogging(LogLevel.Warning)
    .build();
}
