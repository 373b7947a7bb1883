/** Mappings: per shop, which ISOF price type, payment method and status means which IdoSell one. */
import type { DataSource } from 'typeorm';
import type { Class, FeatureModule } from '../common/feature-module.js';
import { many } from '../api/dataloaders.js';
import { PaymentMethodMappingEntity, PriceMappingEntity, StatusMappingEntity } from './mapping.entities.js';
import {
  MappingMutations, MappingQueries, PaymentMethodMappingResolver, PriceMappingResolver, StatusMappingResolver,
} from './mapping.resolver.js';
import { MappingService } from './mapping.service.js';

export const mappingsModule = {
  entities: [PriceMappingEntity, PaymentMethodMappingEntity, StatusMappingEntity],
  resolvers: [MappingQueries, MappingMutations, PriceMappingResolver, PaymentMethodMappingResolver, StatusMappingResolver] as Class[],
  services: ({ ds }: { ds: DataSource }) => ({ mappings: new MappingService(ds) }),
  loaders: (s: { mappings: MappingService }) => ({
    priceMappings: many<PriceMappingEntity>((ids) => s.mappings.priceMappingsFor(ids), (m) => m.shopId),
    paymentMappings: many<PaymentMethodMappingEntity>((ids) => s.mappings.paymentMappingsFor(ids), (m) => m.shopId),
    statusMappings: many<StatusMappingEntity>((ids) => s.mappings.statusMappingsFor(ids), (m) => m.shopId),
  }),
} satisfies FeatureModule;
