import { Field, ObjectType } from 'type-graphql';

@ObjectType()
export class IsofSchemaProblem {
  @Field()
  table: string;

  @Field(() => String, { nullable: true, description: 'Null for a problem of the whole table (missing).' })
  column: string | null;

  @Field({ description: 'A sentence a person can act on: what is expected, what the database has.' })
  message: string;
}

@ObjectType()
export class IsofSchemaReport {
  @Field({ description: 'True when every table and column the server uses is there with a compatible type.' })
  ok: boolean;

  @Field(() => [IsofSchemaProblem])
  problems: IsofSchemaProblem[];
}
