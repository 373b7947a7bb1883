/**
 * The shop -> ISOF half of the order flow: the import screen (shopOrders) and the import run
 * (importOrders).
 *
 * Decisions:
 * - An imported order is numbered `IDO/<shop id>/<order serial number>`.
 * - Its total is the shop's totalGross. Its lines are the shop's product lines plus, when the
 *   shop's total is more than the products (delivery, payment and insurance fees), one line
 *   "Dostawa" (code DOSTAWA, no product, not foreign) carrying the difference, so the lines add
 *   up to the total.
 * - Customer: the ISOF customer linked to the shop's client id by an earlier import
 *   (idosell_customer_links), else one with the shop's e-mail (ignoring case), else one with the
 *   shop's NIP (digits only compared), else a new one; the client id is then linked to it.
 * - Payment method: the shop's payment form through this shop's mapping (formKey), else the ISOF
 *   method with the same name (ignoring case and surrounding spaces). An order without a payment
 *   form, or whose form matches nothing, fails with UNMAPPED_PAYMENT_METHOD and writes nothing.
 * - Status: the shop's status through this shop's status mapping (IdoSell -> ISOF); unmapped, or
 *   mapped to a status ISOF no longer has: the first ISOF status by sortOrder.
 * - The screen leaves out imported orders (unless showImported) and incomplete orders not yet
 *   imported (unless includeIncomplete); an imported order shows with showImported whatever its lines.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../common/auth.js';
import { chunk, idsPerStatement, rowsPerInsert } from '../common/chunk.js';
import { BadInputError, isUniqueViolation } from '../common/errors.js';
import { fitText } from '../common/text.js';
import { inTransaction } from '../db/tx.js';
import type { IsofSchemaService } from '../isof/isof-schema.service.js';
import type { OrderPeriod } from './period.js';
import type { IdosellClient, IdosellOrder } from '../idosell/index.js';
import {
  IsofCustomer, IsofOrder, IsofOrderLine, IsofOrderStatus, IsofPaymentMethod, IsofProduct,
} from '../isof/entities.js';
import { PaymentMethodMappingEntity, StatusMappingEntity, formKey } from '../mappings/mapping.entities.js';
import type { ShopConnectionInfo } from '../shops/shop.service.js';
import type { ShopClients } from '../shops/shop-clients.js';
import type { ItemRecord, RunContext, RunEngine, RunQueue } from '../sync-runs/engine.js';
import type { SyncRunEntity } from '../sync-runs/sync-run.entities.js';
import type { SyncRunService } from '../sync-runs/sync-run.service.js';
import { CustomerLinkEntity } from './customer-link.entity.js';
import {
  buildOrder, cutList, cutNote, digits, importDetail, lineCode, newCustomer, notesOf, toShopOrder, unknownMessage,
  type Analysed, type PaymentResolution,
} from './order-build.js';
import { OrderImportEntity } from './order-import.entity.js';
import { resolveRange, type DateRange } from './period.js';
import type { ShopOrder } from './shop-order.types.js';

export interface ShopOrdersArgs {
  shopId: number;
  from?: Date | null;
  to?: Date | null;
  period?: OrderPeriod | null;
  showImported: boolean;
  includeIncomplete: boolean;
}

export interface ImportOrdersArgs {
  shopId: number;
  from?: Date | null;
  to?: Date | null;
  period?: OrderPeriod | null;
  includeIncomplete: boolean;
  orderSerialNumbers?: number[] | null;
  dryRun: boolean;
  wait: boolean;
}

const LINE_COLUMNS = 10;

/** The sentence of an order whose import failed unexpectedly: the database's own words, first line. */
function writeFailure(ref: string, err: unknown): string {
  const said = fitText(String(err instanceof Error ? err.message : err).split('\n')[0]!.trim(), 500).value;
  return `Order ${ref} could not be written into ISOF (${said}); nothing of it was written. Fix the cause in ISOF (the server log has the details under this order's serial number) and import it again; the run went on with the other orders.`;
}

/** What the lookups of one batch of shop orders found. */
interface Lookups {
  imports: Map<number, OrderImportEntity>;
  products: Map<string, IsofProduct>;
  failures: Map<string, string>;
  paymentMappings: Map<string, number>;
  paymentMethods: IsofPaymentMethod[];
  statusMappings: Map<string, string>;
  statuses: IsofOrderStatus[];
}

/**
 * An import run's params, as stored on the run: the orders asked for by number, or the instants of
 * the period (ISO text; the period's name too when one was given, for the reader of the run).
 */
export type ImportParams = { includeIncomplete: boolean; period?: OrderPeriod }
  & ({ orderSerialNumbers: number[] } | { from: string; to: string });

interface Target {
  shop: ShopConnectionInfo;
  client: IdosellClient;
}

export class OrderImportService {
  private readonly queue: RunQueue<ImportParams, Target>;

  constructor(
    private readonly ds: DataSource,
    private readonly clients: ShopClients,
    engine: RunEngine,
    private readonly runs: SyncRunService,
    private readonly isofSchema: IsofSchemaService,
  ) {
    this.queue = engine.register({
      kind: 'IMPORT_ORDERS',
      prepare: (shopId) => this.clients.forShop(shopId),
      process: (ctx, params, { shop, client }) => this.runImport(ctx, shop, client.withSignals(ctx.calls), params),
    });
  }

  /** Payment form names the shop defines. */
  async paymentFormNames(shopId: number): Promise<string[]> {
    const { client } = await this.clients.forShop(shopId);
    return (await client.paymentForms()).map((f) => f.name);
  }

  /** The import screen. */
  async shopOrders(args: ShopOrdersArgs): Promise<ShopOrder[]> {
    const range = resolveRange(args, new Date());
    const { shop, client } = await this.clients.forShop(args.shopId);
    const orders = await client.searchOrders(range);
    const analysed = await this.analyse(shop, orders);
    return analysed
      .filter((a) => (a.imported ? args.showImported : args.includeIncomplete || a.unknownCodes.length === 0))
      .map((a) => toShopOrder(a, args.includeIncomplete));
  }

  /** Starts the import run (see the file comment for what it writes). */
  async importOrders(caller: Caller, args: ImportOrdersArgs): Promise<SyncRunEntity> {
    if (!args.dryRun) this.isofSchema.assertWritable('importOrders');
    const serials = args.orderSerialNumbers && args.orderSerialNumbers.length ? [...new Set(args.orderSerialNumbers)] : null;
    const range: DateRange | null = serials ? null : resolveRange(args, new Date());
    const target = await this.clients.forShop(args.shopId);
    const params: ImportParams = {
      includeIncomplete: args.includeIncomplete,
      ...(serials ? { orderSerialNumbers: serials } : { from: range!.from.toISOString(), to: range!.to.toISOString() }),
      ...(args.period ? { period: args.period } : {}),
    };
    return this.queue.start({
      shopId: target.shop.id,
      caller,
      params,
      dryRun: args.dryRun,
      wait: args.wait,
      prepared: target,
    });
  }

  // ------------------------------------------------------------------ the run

  private async runImport(ctx: RunContext, shop: ShopConnectionInfo, client: IdosellClient, params: ImportParams): Promise<void> {
    const serials = 'orderSerialNumbers' in params ? params.orderSerialNumbers : null;
    const orders = await client.searchOrders('from' in params ? { from: new Date(params.from), to: new Date(params.to) } : { serialNumbers: serials! });
    const analysed = await this.analyse(shop, orders);
    const pre: ItemRecord[] = [];
    const toImport: Analysed[] = [];

    if (serials) {
      const found = new Set(orders.map((o) => o.orderSerialNumber));
      for (const s of serials) {
        if (!found.has(s)) {
          pre.push({
            ref: String(s), outcome: 'FAILED', errorCode: 'ORDER_NOT_FOUND',
            message: `Shop "${shop.name}" has no order with serial number ${s}; check the number on the import screen (shopOrders).`,
          });
        }
      }
    }
    for (const a of analysed) {
      const ref = String(a.order.orderSerialNumber);
      if (a.imported) {
        // Asked for by number: say so. A period run simply leaves imported orders out, as the screen does.
        if (serials) pre.push({ ref, outcome: 'SKIPPED', errorCode: 'ALREADY_IMPORTED', message: `Order ${ref} is already imported (ISOF order id ${a.imported.isofOrderId}); nothing was written.` });
        continue;
      }
      if (a.unknownCodes.length && !params.includeIncomplete) {
        if (serials) pre.push({ ref, outcome: 'FAILED', errorCode: 'UNKNOWN_PRODUCTS', message: unknownMessage(a.unknownCodes) });
        continue;
      }
      if (!a.payment.ok) {
        pre.push({ ref, outcome: 'FAILED', errorCode: 'UNMAPPED_PAYMENT_METHOD', message: a.payment.message });
        continue;
      }
      toImport.push(a);
    }
    await ctx.setTotal(pre.length + toImport.length);
    await ctx.record(pre);

    // Stopped (cancelSyncRun, shutdown): the orders not yet written are left to the next run.
    for (const a of toImport) {
      ctx.signal.throwIfAborted();
      await this.importOne(ctx, shop, a);
    }
  }

  /**
   * One order. An unexpected error (a database refusal, an ISOF trigger, a lost connection) is this
   * order's FAILED item, logged with its serial number; the run goes on with the next order. Only a
   * stop of the run (cancel, shutdown) ends it, and so does a failure to record the item itself.
   */
  private async importOne(ctx: RunContext, shop: ShopConnectionInfo, a: Analysed): Promise<void> {
    const ref = String(a.order.orderSerialNumber);
    try {
      await this.writeOne(ctx, shop, a);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      ctx.logger.error({ err, orderSerialNumber: a.order.orderSerialNumber }, 'importing an order failed; the run goes on with the next order');
      await ctx.record([{ ref, outcome: 'FAILED', errorCode: 'ISOF_WRITE_FAILED', message: writeFailure(ref, err) }]);
    }
  }

  /** One order, in one transaction with its item; a duplicate rolls back and is SKIPPED. */
  private async writeOne(ctx: RunContext, shop: ShopConnectionInfo, a: Analysed, attempt = 1): Promise<void> {
    const ref = String(a.order.orderSerialNumber);
    const number = `IDO/${shop.id}/${a.order.orderSerialNumber}`;
    const built = buildOrder(a);
    const card = newCustomer(a.order);
    if (ctx.dryRun) {
      const { customer } = await this.findCustomer(this.ds.manager, shop.id, a.order);
      await ctx.record([{
        ref, outcome: 'SUCCEEDED', message: `Would import order ${ref} as ISOF order ${number}.${cutNote([...(customer ? [] : card.cuts), ...built.cuts])}`,
        detail: importDetail(number, a, built, customer ? { id: customer.id, name: customer.name } : { new: true, name: card.values.name, ...cutList(card.cuts) }),
      }]);
      return;
    }
    try {
      await inTransaction(this.ds, async (m) => {
        const found = await this.findCustomer(m, shop.id, a.order);
        const customer = found.customer ?? (await m.getRepository(IsofCustomer).save(card.values));
        const cuts = [...(found.customer ? [] : card.cuts), ...built.cuts];
        await this.linkCustomer(m, shop.id, a.order, customer.id, found.link);
        const inserted = await m.createQueryBuilder().insert().into(IsofOrder).values({
          number,
          orderedAt: a.order.placedAt ?? new Date(),
          customerId: customer.id,
          paymentMethodId: (a.payment as { method: IsofPaymentMethod }).method.id,
          statusId: a.status.id,
          totalNet: built.totalNet,
          totalGross: built.totalGross,
          currency: built.currency,
          notes: notesOf(shop, a.order),
        }).execute();
        const saved = { id: Number(inserted.identifiers[0]!.id) };
        const rows = built.lines.map((l, i) => ({ ...l, orderId: saved.id, lineNo: i + 1 }));
        for (const part of chunk(rows, rowsPerInsert(LINE_COLUMNS))) {
          await m.createQueryBuilder().insert().into(IsofOrderLine).values(part).updateEntity(false).execute();
        }
        await m.createQueryBuilder().insert().into(OrderImportEntity).values({
          shopId: shop.id,
          orderSerialNumber: a.order.orderSerialNumber,
          idosellOrderId: fitText(a.order.orderId, 64).value,
          isofOrderId: saved.id,
          importedAt: new Date(),
          incomplete: a.unknownCodes.length > 0,
          syncedIsofStatus: a.status.name,
          lastSentStatus: fitText(a.order.status, 40).value,
          statusSyncedAt: null,
        }).updateEntity(false).execute();
        await ctx.record([{
          ref, outcome: 'SUCCEEDED',
          message: (a.unknownCodes.length
            ? `Imported as ISOF order ${number}, incomplete: ${a.unknownCodes.join(', ')} kept as foreign lines.`
            : `Imported as ISOF order ${number}.`) + cutNote(cuts),
          detail: importDetail(number, a, built, { id: customer.id, name: customer.name, ...cutList(found.customer ? [] : card.cuts) }),
        }], m);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const imported = await this.ds.getRepository(OrderImportEntity).exists({ where: { shopId: shop.id, orderSerialNumber: a.order.orderSerialNumber } });
      // A clash on something else (the same new customer linked by a run at the same moment): once more.
      if (!imported && attempt === 1) return this.writeOne(ctx, shop, a, 2);
      await ctx.record([{
        ref, outcome: 'SKIPPED', errorCode: 'ALREADY_IMPORTED',
        message: `Order ${ref} is already in ISOF (imported by a run at the same moment, or ISOF already has order number ${number}); nothing was written twice.`,
      }]);
    }
  }

  /**
   * By the shop's client id (an earlier import's link), then e-mail (ignoring case), then NIP
   * (digits only, as written); the lowest id wins. Returns the link too, so it is not read twice.
   */
  private async findCustomer(m: EntityManager, shopId: number, o: IdosellOrder): Promise<{ customer: IsofCustomer | null; link: CustomerLinkEntity | null }> {
    const repo = m.getRepository(IsofCustomer);
    const link = o.clientId !== null ? await m.getRepository(CustomerLinkEntity).findOneBy({ shopId, idosellClientId: o.clientId }) : null;
    if (link) {
      const linked = await repo.findOneBy({ id: link.customerId });
      if (linked) return { customer: linked, link };
    }
    // Plain equalities on the bare columns, so an index on KONTRAHENCI.EMAIL or NIP can serve them
    // (README, "Customer look-ups"). Case is ignored by ISOF's case-insensitive collation on SQL
    // Server, and by NOCASE on SQLite, whose columns compare as BINARY.
    const email = o.clientEmail?.trim();
    if (email) {
      const nocase = this.ds.options.type === 'mssql' ? '' : ' COLLATE NOCASE';
      const byEmail = await repo.createQueryBuilder('c').where(`c.email = :email${nocase}`, { email }).orderBy('c.id', 'ASC').getOne();
      if (byEmail) return { customer: byEmail, link };
    }
    // NIPs are written digits only (newCustomer), so the shop's NIP, digits only, compares as it is.
    const nip = digits(o.clientTaxId);
    if (nip) {
      const byNip = await repo.createQueryBuilder('c').where('c.taxId = :nip', { nip }).orderBy('c.id', 'ASC').getOne();
      if (byNip) return { customer: byNip, link };
    }
    return { customer: null, link };
  }

  /** Remembers which ISOF customer the shop's client went to (or moves the link to it). */
  private async linkCustomer(m: EntityManager, shopId: number, o: IdosellOrder, customerId: number, link: CustomerLinkEntity | null): Promise<void> {
    if (o.clientId === null) return;
    const links = m.getRepository(CustomerLinkEntity);
    if (!link) await links.insert({ shopId, idosellClientId: o.clientId, customerId });
    else if (link.customerId !== customerId) await links.update({ id: link.id }, { customerId });
  }

  // ------------------------------------------------------------------ analysis (batched lookups)

  private async analyse(shop: ShopConnectionInfo, orders: IdosellOrder[]): Promise<Analysed[]> {
    const l = await this.lookups(shop.id, orders);
    const defaultStatus = l.statuses[0];
    if (!defaultStatus) throw new BadInputError('ISOF has no order statuses; add at least one before importing orders.');
    const byName = new Map(l.statuses.map((s) => [s.name, s]));
    const methodsByKey = new Map<string, IsofPaymentMethod>();
    for (const pm of l.paymentMethods) if (!methodsByKey.has(formKey(pm.name))) methodsByKey.set(formKey(pm.name), pm);
    const methodsById = new Map(l.paymentMethods.map((pm) => [pm.id, pm]));

    const payment = (o: IdosellOrder): PaymentResolution => {
      const hint = `add it with setPaymentMethodMapping(input: { shopId: "${shop.id}", paymentMethodId: ..., idosellPaymentFormName: ... })`;
      if (!o.paymentFormName) {
        return { ok: false, message: `Order ${o.orderSerialNumber} of shop "${shop.name}" has no payment form, so ISOF cannot be given a payment method; set one on the order in the shop and import it again.` };
      }
      const key = formKey(o.paymentFormName);
      const mapped = l.paymentMappings.get(key);
      const method = (mapped !== undefined ? methodsById.get(mapped) : undefined) ?? methodsByKey.get(key);
      if (method) return { ok: true, method };
      return {
        ok: false,
        message: `Payment form "${o.paymentFormName}" of shop "${shop.name}" matches no ISOF payment method; ${hint.replace('idosellPaymentFormName: ...', `idosellPaymentFormName: "${o.paymentFormName}"`)} and import the order again.`,
      };
    };

    return orders.map((o) => {
      const mappedStatus = l.statusMappings.get(o.status);
      return {
        order: o,
        imported: l.imports.get(o.orderSerialNumber) ?? null,
        unknownCodes: [...new Set(o.lines.filter((x) => !x.code || !l.products.has(x.code)).map(lineCode))],
        payment: payment(o),
        status: (mappedStatus !== undefined ? byName.get(mappedStatus) : undefined) ?? defaultStatus,
        lastFailure: l.failures.get(String(o.orderSerialNumber)) ?? null,
        products: l.products,
      };
    });
  }

  /** A fixed number of statements whatever the number of orders (IN lists, chunked). */
  private async lookups(shopId: number, orders: IdosellOrder[]): Promise<Lookups> {
    const m = this.ds.manager;
    const serials = orders.map((o) => o.orderSerialNumber);
    const codes = [...new Set(orders.flatMap((o) => o.lines.map((x) => x.code).filter((c): c is string => c !== null)))];
    const size = idsPerStatement(5);

    const imports = new Map<number, OrderImportEntity>();
    const failures = new Map<string, string>();
    for (const part of chunk(serials, size)) {
      const rows = await m.getRepository(OrderImportEntity).createQueryBuilder('i')
        .where('i.shopId = :shopId', { shopId }).andWhere('i.orderSerialNumber IN (:...part)', { part }).getMany();
      for (const r of rows) imports.set(r.orderSerialNumber, r);
      for (const [ref, message] of await this.runs.lastFailures(shopId, 'IMPORT_ORDERS', part.map(String))) failures.set(ref, message);
    }
    const products = new Map<string, IsofProduct>();
    for (const part of chunk(codes, size)) {
      const rows = await m.getRepository(IsofProduct).createQueryBuilder('p').where('p.code IN (:...part)', { part }).getMany();
      for (const p of rows) products.set(p.code, p);
    }
    const paymentMappings = new Map<string, number>();
    for (const pm of await m.getRepository(PaymentMethodMappingEntity).find({ where: { shopId }, order: { id: 'ASC' } })) {
      paymentMappings.set(pm.formKey, pm.paymentMethodId);
    }
    const statusMappings = new Map<string, string>();
    for (const sm of await m.getRepository(StatusMappingEntity).find({ where: { shopId }, order: { id: 'ASC' } })) {
      statusMappings.set(sm.idosellStatus, sm.isofStatus);
    }
    const paymentMethods = await m.getRepository(IsofPaymentMethod).find({ order: { id: 'ASC' } });
    const statuses = await m.getRepository(IsofOrderStatus).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
    return { imports, products, failures, paymentMappings, paymentMethods, statusMappings, statuses };
  }
}
