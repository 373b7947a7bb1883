/** Orders: ISOF's orders as the API reads them, and the import of a shop's orders into ISOF. */
import type { DataSource } from 'typeorm';
import type { Class, FeatureModule } from '../common/feature-module.js';
import type { IsofCustomer, IsofOrder, IsofOrderLine, IsofOrderStatus, IsofPaymentMethod } from '../isof/entities.js';
import type { ShopClients } from '../shops/shop-clients.js';
import type { RunEngine } from '../sync-runs/engine.js';
import type { SyncRunService } from '../sync-runs/sync-run.service.js';
import type { IsofSchemaService } from '../isof/isof-schema.service.js';
import { many, one, table } from '../api/dataloaders.js';
import { OrderImportEntity } from './order-import.entity.js';
import { CustomerLinkEntity } from './customer-link.entity.js';
import { OrderLineResolver, OrderResolver, OrderSourceResolver } from './order.resolver.js';
import { OrderImportResolver, ShopOrderResolver } from './order-import.resolver.js';
import { OrderService } from './order.service.js';
import { OrderImportService } from './order-import.service.js';

export interface OrdersDeps {
  ds: DataSource;
  clients: ShopClients;
  engine: RunEngine;
  runs: SyncRunService;
  /** The ISOF schema check's guard: the import writes ISOF's order, line and customer tables. */
  isofSchema: IsofSchemaService;
}

export const ordersModule = {
  entities: [OrderImportEntity, CustomerLinkEntity],
  resolvers: [OrderResolver, OrderLineResolver, OrderSourceResolver, OrderImportResolver, ShopOrderResolver] as Class[],
  services: ({ ds, clients, engine, runs, isofSchema }: OrdersDeps) => ({
    orders: new OrderService(ds),
    orderImport: new OrderImportService(ds, clients, engine, runs, isofSchema),
  }),
  loaders: (s: { orders: OrderService }) => ({
    paymentMethods: table<IsofPaymentMethod>(() => s.orders.paymentMethods()),
    statuses: table<IsofOrderStatus>(() => s.orders.statuses()),
    order: one<IsofOrder>((ids) => s.orders.ordersByIds(ids), (o) => o.id),
    lines: many<IsofOrderLine>((ids) => s.orders.linesFor(ids), (l) => l.orderId),
    customer: one<IsofCustomer>((ids) => s.orders.customersByIds(ids), (c) => c.id),
    importOfOrder: one<OrderImportEntity>((ids) => s.orders.importsForOrders(ids), (i) => i.isofOrderId),
  }),
} satisfies FeatureModule;
