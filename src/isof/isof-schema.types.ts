import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One difference between an ISOF table as the database has it and what this server expects.' })
export class IsofSchemaProblem {
  @Field({ description: 'The ISOF table concerned, as the database names it.' })
  table: string;

  @Field(() => String, { nullable: true, description: 'Null for a problem of the whole table (missing).' })
  column: string | null;

  @Field({ description: 'A sentence a person can act on: what is expected, what the database has.' })
  message: string;
}

@ObjectType({ description: "What isofSchemaCheck found in ISOF's database." })
export class IsofSchemaReport {
  @Field({ description: 'True when every table and column the server uses is there with a compatible type.' })
  ok: boolean;

  @Field(() => [IsofSchemaProblem], { description: 'Every difference found; empty when ok. Problems in the tables importOrders writes make it answer ISOF_SCHEMA_PROBLEM.' })
  problems: IsofSchemaProblem[];
}
