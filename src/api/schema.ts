/** The GraphQL schema, built code-first from the feature modules' resolvers (type-graphql). */
import 'reflect-metadata';
import { buildSchema, type AuthChecker } from 'type-graphql';
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

let cached: Promise<GraphQLSchema> | null = null;

export function createSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    // type-graphql 2 does not validate inputs unless told to.
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
  });
  return cached;
}
