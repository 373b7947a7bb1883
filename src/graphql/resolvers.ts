import type { NonEmptyArray } from 'type-graphql';
import { ShopResolver } from '../shops/shop.resolver.js';
import { ProductExportResolver, ProductResolver } from '../products/product.resolver.js';
import { OrderLineResolver, OrderResolver, OrderSourceResolver } from '../orders/order.resolver.js';
import {
  MappingMutations, PaymentMethodMappingResolver, PriceMappingResolver, StatusMappingResolver,
} from '../mappings/mapping.resolver.js';
import { SyncRunResolver } from '../sync-runs/sync-run.resolver.js';
import { OperationsResolver, ShopOrderResolver } from '../sync-runs/operations.resolver.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RESOLVERS: NonEmptyArray<Function> = [
  ShopResolver, ProductResolver, ProductExportResolver, OrderResolver, OrderLineResolver, OrderSourceResolver,
  MappingMutations, PriceMappingResolver, PaymentMethodMappingResolver, StatusMappingResolver, SyncRunResolver,
  OperationsResolver, ShopOrderResolver,
];
