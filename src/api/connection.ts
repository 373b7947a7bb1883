import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where a page of a list ends, for reading the next one (keyset pagination: pages stay stable while rows are added).' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when there are more rows after this page: ask again with after: endCursor.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the last row of this page, to pass as "after"; null when the page is empty.' })
  endCursor: string | null;
}
