/**
 * Per-shop mappings: ISOF price type -> IdoSell price field, IdoSell payment form name -> ISOF
 * payment method, ISOF status <-> IdoSell status. Every write is checked against what exists.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { BadInputError, NotFoundError } from '../common/errors.js';
import { inTransaction } from '../db/tx.js';
import { cleanText, quote, type TextRule } from '../common/text.js';
import { IsofOrderStatus, IsofPaymentMethod, IsofPriceType } from '../isof/entities.js';
import { IDOSELL_ORDER_STATUSES, IDOSELL_PRICE_FIELDS, type IdosellPriceFieldName } from '../idosell/index.js';
import { ShopEntity } from '../shops/shop.entity.js';
import { PaymentMethodMappingEntity, PriceMappingEntity, StatusMappingEntity, formKey } from './mapping.entities.js';

/** The free-text rules of the mapping inputs (mapping.types.ts applies them at the GraphQL edge too). */
export const MAPPING_TEXT = {
  idosellPaymentFormName: { max: 200 },
  isofStatus: { max: 100 },
  idosellStatus: { max: 40 },
} satisfies Record<string, TextRule>;

export class MappingService {
  constructor(private readonly ds: DataSource) {}

  private async requireShop(m: EntityManager, shopId: number): Promise<void> {
    if (!(await m.getRepository(ShopEntity).exists({ where: { id: shopId } }))) throw new NotFoundError('Shop', shopId);
  }

  async setPriceMapping(shopId: number, priceTypeId: number, field: IdosellPriceFieldName): Promise<PriceMappingEntity> {
    if (!IDOSELL_PRICE_FIELDS.includes(field)) throw new BadInputError(`Unknown IdoSell price field ${quote(field)}.`, 'idosellPriceField');
    return inTransaction(this.ds, async (m) => {
      await this.requireShop(m, shopId);
      if (!(await m.getRepository(IsofPriceType).exists({ where: { id: priceTypeId } }))) {
        throw new NotFoundError('Price type', priceTypeId);
      }
      const repo = m.getRepository(PriceMappingEntity);
      const existing = await repo.findOneBy({ shopId, idosellPriceField: field });
      if (existing) {
        existing.priceTypeId = priceTypeId;
        return repo.save(existing);
      }
      return repo.save(repo.create({ shopId, priceTypeId, idosellPriceField: field }));
    });
  }

  async setPaymentMethodMapping(shopId: number, paymentMethodId: number, formName: string): Promise<PaymentMethodMappingEntity> {
    const name = cleanText(formName, 'idosellPaymentFormName', MAPPING_TEXT.idosellPaymentFormName);
    // Lower case can be longer than the name (İ becomes i and a combining dot): form_key is nvarchar(200) too.
    if (formKey(name).length > MAPPING_TEXT.idosellPaymentFormName.max) {
      throw new BadInputError(`idosellPaymentFormName must be at most ${MAPPING_TEXT.idosellPaymentFormName.max} characters also in lower case (it has ${formKey(name).length}).`, 'idosellPaymentFormName');
    }
    return inTransaction(this.ds, async (m) => {
      await this.requireShop(m, shopId);
      if (!(await m.getRepository(IsofPaymentMethod).exists({ where: { id: paymentMethodId } }))) {
        throw new NotFoundError('Payment method', paymentMethodId);
      }
      const repo = m.getRepository(PaymentMethodMappingEntity);
      const key = formKey(name);
      const existing = await repo.findOneBy({ shopId, formKey: key });
      if (existing) {
        existing.paymentMethodId = paymentMethodId;
        existing.idosellPaymentFormName = name;
        return repo.save(existing);
      }
      return repo.save(repo.create({ shopId, paymentMethodId, idosellPaymentFormName: name, formKey: key }));
    });
  }

  deletePaymentMethodMapping(id: number): Promise<boolean> {
    return this.deleteById(PaymentMethodMappingEntity, 'Payment method mapping', id);
  }

  deleteStatusMapping(id: number): Promise<boolean> {
    return this.deleteById(StatusMappingEntity, 'Status mapping', id);
  }

  deletePriceMapping(id: number): Promise<boolean> {
    return this.deleteById(PriceMappingEntity, 'Price mapping', id);
  }

  /** Deletes one mapping row; an id that matches none is NOT_FOUND (a sentence naming it), nothing written. */
  private async deleteById(
    entity: typeof PaymentMethodMappingEntity | typeof StatusMappingEntity | typeof PriceMappingEntity, what: string, id: number,
  ): Promise<boolean> {
    const result = await inTransaction(this.ds, (m) => m.getRepository(entity).delete({ id }));
    if (!result.affected) throw new NotFoundError(what, id);
    return true;
  }

  async setStatusMapping(shopId: number, isofStatus: string, idosellStatus: string): Promise<StatusMappingEntity> {
    const status = cleanText(idosellStatus, 'idosellStatus', MAPPING_TEXT.idosellStatus);
    const isofName = cleanText(isofStatus, 'isofStatus', MAPPING_TEXT.isofStatus);
    if (!(IDOSELL_ORDER_STATUSES as readonly string[]).includes(status)) {
      throw new BadInputError(`${quote(status)} is not an IdoSell order status; use one of ${IDOSELL_ORDER_STATUSES.join(', ')}.`, 'idosellStatus');
    }
    return inTransaction(this.ds, async (m) => {
      await this.requireShop(m, shopId);
      const isof = await m.getRepository(IsofOrderStatus).findOneBy({ name: isofName });
      if (!isof) {
        const names = (await m.getRepository(IsofOrderStatus).find({ order: { sortOrder: 'ASC' } })).map((s) => s.name);
        throw new BadInputError(`ISOF has no order status ${quote(isofName)}; use one of: ${names.join(', ')}.`, 'isofStatus');
      }
      const repo = m.getRepository(StatusMappingEntity);
      const existing = await repo.findOneBy({ shopId, idosellStatus: status });
      if (existing) {
        existing.isofStatus = isof.name;
        return repo.save(existing);
      }
      return repo.save(repo.create({ shopId, isofStatus: isof.name, idosellStatus: status }));
    });
  }

  priceMappingsFor(shopIds: readonly number[]): Promise<PriceMappingEntity[]> {
    return this.ds.getRepository(PriceMappingEntity).createQueryBuilder('m')
      .where('m.shopId IN (:...ids)', { ids: [...shopIds] }).orderBy('m.id').getMany();
  }

  paymentMappingsFor(shopIds: readonly number[]): Promise<PaymentMethodMappingEntity[]> {
    return this.ds.getRepository(PaymentMethodMappingEntity).createQueryBuilder('m')
      .where('m.shopId IN (:...ids)', { ids: [...shopIds] }).orderBy('m.id').getMany();
  }

  statusMappingsFor(shopIds: readonly number[]): Promise<StatusMappingEntity[]> {
    return this.ds.getRepository(StatusMappingEntity).createQueryBuilder('m')
      .where('m.shopId IN (:...ids)', { ids: [...shopIds] }).orderBy('m.id').getMany();
  }
}
