import { HubConnectionBuilder, LogLevel, type HubConnection, type RetryContext } from '@microsoft/signalr';
import { isUnauthorized } from './liveConnection';
import { httpSettings } from '../api/http';

/** The hub's path on the node (LiveHub.Path). */
export const liveHubPath = '/hubs/live';

/** SignalR's own quick reconnects; after these the LiveConnection restarts with its backoff. */
const reconnectDelaysMs = [0, 1000, 2000, 5000];

/**
 * The negotiate request is a POST, so a cookie session must send its anti-forgery token like any
 * other change. SignalR spreads this object into each request's headers, so the getter hands it
 * the token of the current session, also after a reconnect that follows a new sign-in.
 */
const antiforgeryHeaders = {
  get 'X-XSRF-TOKEN'(): string {
    return httpSettings.antiforgeryToken ?? '';
  },
};

/**
 * The real hub connection, on the page's own origin with the session cookie. A 401 ends the
 * reconnect attempts at once: the session has ended and only signing in again helps.
 */
export function createHubLink(url: string = liveHubPath): HubConnection {
  return new HubConnectionBuilder()
    .withUrl(url, { withCredentials: true, headers: antiforgeryHeaders })
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: (context: RetryContext) =>
        isUnauthorized(context.retryReason) ? null : (reconnectDelaysMs[context.previousRetryCount] ?? null),
    })
    .configureLogging(LogLevel.Warning)
    .build();
}
