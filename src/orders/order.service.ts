/** Reading ISOF's customer orders, with the import record of those that came from a shop. */
import type { DataSource } from 'typeorm';
import {
  IsofCustomer, IsofOrder, IsofOrderLine, IsofOrderStatus, IsofPaymentMethod,
} from '../isof/entities.js';
import { toIsofWallClock } from '../isof/isof-time.js';
import { OrderImportEntity } from './order-import.entity.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { BadInputError } from '../common/errors.js';

export interface OrderFilterArgs {
  shopId?: number | null;
  importedOnly?: boolean | null;
  from?: Date | null;
  to?: Date | null;
}

export class OrderService {
  constructor(private readonly ds: DataSource) {}

  async ordersPage(filter: OrderFilterArgs, first: number, afterId: number | null): Promise<Page<IsofOrder>> {
    if (filter.from && filter.to && filter.from > filter.to) {
      throw new BadInputError('"from" is after "to"; swap them or widen the period.', 'filter.from');
    }
    const base = () => {
      const qb = this.ds.getRepository(IsofOrder).createQueryBuilder('o');
      if (filter.shopId !== null && filter.shopId !== undefined) {
        qb.innerJoin(OrderImportEntity, 'imp', 'imp.isofOrderId = o.id AND imp.shopId = :shopId', { shopId: filter.shopId });
      } else if (filter.importedOnly) {
        qb.innerJoin(OrderImportEntity, 'imp', 'imp.isofOrderId = o.id');
      }
      // ZAMOWIENIA.DATA is ISOF's wall-clock time: the bounds are compared as ISOF's clock shows them.
      if (filter.from) qb.andWhere('o.orderedAt >= :from', { from: toIsofWallClock(filter.from) });
      if (filter.to) qb.andWhere('o.orderedAt <= :to', { to: toIsofWallClock(filter.to) });
      return qb;
    };
    return keysetPage(base, 'o', first, afterId, 'DESC');
  }

  ordersByIds(ids: readonly number[]): Promise<IsofOrder[]> {
    return this.ds.getRepository(IsofOrder).createQueryBuilder('o').where('o.id IN (:...ids)', { ids: [...ids] }).getMany();
  }

  linesFor(orderIds: readonly number[]): Promise<IsofOrderLine[]> {
    return this.ds.getRepository(IsofOrderLine).createQueryBuilder('l')
      .where('l.orderId IN (:...ids)', { ids: [...orderIds] }).orderBy('l.orderId').addOrderBy('l.lineNo').getMany();
  }

  customersByIds(ids: readonly number[]): Promise<IsofCustomer[]> {
    return this.ds.getRepository(IsofCustomer).createQueryBuilder('c').where('c.id IN (:...ids)', { ids: [...ids] }).getMany();
  }

  importsForOrders(orderIds: readonly number[]): Promise<OrderImportEntity[]> {
    return this.ds.getRepository(OrderImportEntity).createQueryBuilder('i')
      .where('i.isofOrderId IN (:...ids)', { ids: [...orderIds] }).getMany();
  }

  paymentMethods(): Promise<IsofPaymentMethod[]> {
    return this.ds.getRepository(IsofPaymentMethod).find({ order: { id: 'ASC' } });
  }

  statuses(): Promise<IsofOrderStatus[]> {
    return this.ds.getRepository(IsofOrderStatus).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
  }
}
