/**
 * What a feature folder declares about itself in its `*.module.ts`; src/modules.ts lists the modules
 * and feeds the data source, the schema, the services and the per-request loaders from that one list.
 */

/** A class: an entity, a resolver. */
export type Class = abstract new (...args: never[]) => object;

export interface FeatureModule {
  /** TypeORM entities of the feature's own tables. */
  readonly entities: readonly Class[];
  /**
   * type-graphql resolver classes. Written `[...] as Class[]` in each module, so that the module's
   * type (which `Loaders` is derived from) does not name the resolvers, whose methods read `Loaders`
   * through AppContext: no type cycle.
   */
  readonly resolvers: readonly Class[];
  /** Builds the feature's services from the narrow deps it names (typed per module). */
  readonly services: (deps: never) => object;
  /** Per-request DataLoaders over the feature's own services; `() => ({})` when none. */
  readonly loaders: (services: never) => object;
}
