/** The GraphQL schema, built code-first from the feature modules' resolvers (type-graphql). */
import 'reflect-metadata';
import { buildSchema, type AuthChecker, type PubSub } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import type { Role } from '../config.js';
import type { AppContext } from './context.js';
import { hasRole } from '../common/auth.js';
import { ForbiddenError } from '../common/errors.js';
import { RESOLVERS } from '../modules.js';

const authChecker: AuthChecker<AppContext, Role> = ({ context }, roles) => {
  const needed = roles[0] ?? 'viewer';
  if (hasRole(context.caller, needed)) return true;
  throw new ForbiddenError(
    `This needs an API key with the ${needed} role; the key "${context.caller.name}" has the ${context.caller.role} role.`,
  );
};

/**
 * type-graphql wants a PubSub as soon as there is a subscription, although ours bring their own
 * `subscribe` (they follow the database, so they work across server instances) and use no topic.
 * Asked for a topic all the same, it says so rather than deliver nothing.
 */
const NO_TOPICS: PubSub = {
  publish(topic) {
    throw new Error(`Subscriptions here follow the database and use no topics; nothing may publish to "${topic}".`);
  },
  subscribe(topic) {
    throw new Error(`Subscriptions here follow the database and use no topics; nothing may subscribe to "${topic}".`);
  },
};

let cached: Promise<GraphQLSchema> | null = null;

export function createSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    pubSub: NO_TOPICS,
    // type-graphql 2 does not validate inputs unless told to.
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
  });
  return cached;
}
