import { ISOF_ENTITIES } from '../isof/entities.js';
import { ShopEntity } from '../shops/shop.entity.js';
import { PaymentMethodMappingEntity, PriceMappingEntity, StatusMappingEntity } from '../mappings/mapping.entities.js';
import { ProductExportEntity } from '../products/product-export.entity.js';
import { OrderImportEntity } from '../orders/order-import.entity.js';
import { CustomerLinkEntity } from '../orders/customer-link.entity.js';
import { SyncLockEntity, SyncRunEntity, SyncRunItemEntity } from '../sync-runs/sync-run.entities.js';

export const INTEGRATION_ENTITIES = [
  ShopEntity, PriceMappingEntity, PaymentMethodMappingEntity, StatusMappingEntity,
  ProductExportEntity, OrderImportEntity, CustomerLinkEntity, SyncRunEntity, SyncRunItemEntity, SyncLockEntity,
];

export const ALL_ENTITIES = [...ISOF_ENTITIES, ...INTEGRATION_ENTITIES];
