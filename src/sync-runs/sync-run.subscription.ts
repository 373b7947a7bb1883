import { Arg, Authorized, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import type { SyncRunEntity } from './sync-run.entities.js';
import { SyncRun } from './sync-run.types.js';

/**
 * Subscription.syncRunUpdated, served over GraphQL over WebSocket (api/subscriptions.ts). The
 * stream is the run's row read from the database (run-watch.ts); this resolver only passes each row on.
 */
@Resolver(() => SyncRun)
export class SyncRunSubscriptionResolver {
  @Authorized('viewer')
  @Subscription(() => SyncRun, {
    description:
      'The run as it progresses: its state now, then again whenever status, counts, heartbeat or finishedAt change ' +
      '(read from the database every SUBSCRIPTION_POLL_MS, default 1000 ms, so it follows a run executing on any ' +
      'server instance), at least every 5 s while it runs, and once more when it ends; then the subscription ' +
      'completes. A finished run is sent once. Served over WebSocket (graphql-ws protocol "graphql-transport-ws") ' +
      'on the /graphql path, with the API key in connection_init\'s payload ({"Authorization": "Bearer <secret>"}); ' +
      'needs the viewer role (no key: the socket closes with 4401; a wrong key: 4403). Errors: NOT_FOUND (no run with ' +
      'that id), BAD_USER_INPUT (the id is not a run id), TOO_MANY_SUBSCRIPTIONS (more than SUBSCRIPTIONS_PER_CONNECTION, ' +
      'default 10, on one connection), QUERY_TOO_DEEP / QUERY_TOO_COSTLY / TOO_MANY_ALIASES (the HTTP limits), SHUTTING_DOWN. ' +
      'At shutdown the last state is sent and the socket closes with code 1001.',
    subscribe: ({ args, context }) =>
      (context as AppContext).services.runWatches.watch(parseId((args as { id: string }).id)),
  })
  syncRunUpdated(
    @Root() run: SyncRunEntity,
    @Arg('id', () => ID, { description: 'The run to follow (SyncRun.id, as answered by the mutation that started it or by syncRuns).' }) _id: string,
  ): SyncRunEntity {
    return run;
  }
}
