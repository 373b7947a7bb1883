import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { money } from '../common/money.js';

const DECIMAL = /^-?\d{1,16}(\.\d{1,6})?$/;

function parseDecimal(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text.trim())) {
    throw new GraphQLError(`Decimal must be a number written as a string, e.g. "1234.50"; got ${JSON.stringify(value)}.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return text.trim();
}

/** A decimal amount of money as a string, e.g. "1234.50": never a binary float. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'A decimal amount of money as a string, e.g. "1234.50": never a binary float.',
  serialize: (value) => money(value as string | number),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    throw new GraphQLError('Decimal must be a string such as "1234.50".', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

/**
 * graphql-scalars' JSON scalar under its own name, with a description saying what our fields put in
 * it: parsed JSON (an object, mostly), not JSON packed into a string.
 */
export const JsonScalar = new GraphQLScalarType({
  ...GraphQLJSON.toConfig(),
  description: 'Any JSON value (object, array, string, number, boolean or null), sent as JSON itself, not packed into a string. The fields of this type say what their objects hold.',
});
