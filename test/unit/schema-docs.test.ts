/**
 * Every part of the public schema says what it is (issue 14): the app's schema is walked (every named
 * type but graphql's own, every field, argument, input field and enum value) and each coordinate
 * without a description a dashboard developer can act on is listed, e.g. "Query.products(first)".
 */
import {
  buildSchema, isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';
import { createSchema } from '../../src/api/schema.js';

/** The words of a name: "idosellPriceField" and "IDOSELL_PRICE_FIELD" both give "idosell price field". */
function words(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .toLowerCase();
}

const FILLER = new Set(['the', 'a', 'an', 'of', 'its', 'this']);

/** Why a description does not do (null when it does): missing, or only the name again. */
export function descriptionProblem(name: string, description: string | null | undefined): string | null {
  const text = (description ?? '').trim();
  if (!text) return 'no description';
  const said = words(text).split(' ').filter((w) => !FILLER.has(w));
  if (said.join('') === words(name).replace(/ /g, '')) return `the description only repeats the name: ${JSON.stringify(text)}`;
  if (said.length < 2) return `the description is one word: ${JSON.stringify(text)}`;
  return null;
}

/** Every coordinate of the schema whose description is missing or trivial, with why. */
export function undocumented(schema: GraphQLSchema): string[] {
  const gaps: string[] = [];
  const check = (coordinate: string, name: string, description: string | null | undefined) => {
    const problem = descriptionProblem(name, description);
    if (problem) gaps.push(`${coordinate}: ${problem}`);
  };
  for (const type of Object.values(schema.getTypeMap()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    // The root types are described by their fields; graphql prints no description for them by default.
    const root = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].includes(type as never);
    if (!root) check(type.name, type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.name, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.name, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.name, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.name, value.description);
    }
  }
  return gaps;
}

describe('the walk itself', () => {
  const sample = buildSchema(`
    "The shop's products, in pages."
    type Query {
      "Products, newest first."
      products(first: Int): [Product!]!
    }
    "A product of ISOF."
    type Product {
      "Code"
      code: String!
      "Its ISOF id, as a GraphQL ID."
      id: ID!
      status: Status!
    }
    "Where a product is."
    enum Status { "on sale in the shop" ACTIVE HIDDEN }
    "Which products."
    input Filter { "Only active ones, when true." active: Boolean, text: String }
    type Mutation { "Hides the product by id." hide(filter: Filter): Boolean }
  `);

  test('lists each undocumented coordinate: fields, arguments, input fields, enum values, types', () => {
    const gaps = undocumented(sample).map((g) => g.replace(/:.*/, ''));
    expect(gaps).toEqual(['Filter.text', 'Mutation.hide(filter)', 'Product.code', 'Product.status', 'Query.products(first)', 'Status.HIDDEN']);
  });

  test('a description that only repeats the name does not count', () => {
    expect(descriptionProblem('code', 'Code')).toMatch(/repeats the name/);
    expect(descriptionProblem('idosellPriceField', 'The IdoSell price field.')).toMatch(/repeats the name/);
    expect(descriptionProblem('dryRun', 'True for a dry run: nothing is written.')).toBeNull();
  });
});

test('every type, field, argument, input field and enum value of the app schema has a description', async () => {
  expect(undocumented(await createSchema())).toEqual([]);
});
