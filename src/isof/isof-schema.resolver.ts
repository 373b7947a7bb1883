import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { IsofSchemaReport } from './isof-schema.types.js';

@Resolver()
export class IsofSchemaResolver {
  @Authorized('admin')
  @Query(() => IsofSchemaReport, {
    description: "ISOF's tables as the database has them, held against what this server expects (admin). Checks now, and importOrders follows this result (a fixed table is writable again without a restart). Needs the admin role (FORBIDDEN otherwise).",
  })
  async isofSchemaCheck(@Ctx() ctx: AppContext): Promise<IsofSchemaReport> {
    const report = await ctx.services.isofSchema.check();
    return { ok: report.ok, problems: report.problems.map(({ table, column, message }) => ({ table, column, message })) };
  }
}
