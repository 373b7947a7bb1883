/**
 * GraphQL enums are derived from the one list the code already keeps (a column's allowed values, a
 * connector's names), never written out again. `enumOf` turns such a list into the object that
 * type-graphql's `registerEnumType` and class-validator's `@IsEnum` take: `{ NAME: 'NAME' }`, in the
 * list's order, which is the order the schema prints the values in.
 */
export function enumOf<const N extends string>(names: readonly N[]): { readonly [K in N]: K } {
  return Object.fromEntries(names.map((name) => [name, name])) as { [K in N]: K };
}
