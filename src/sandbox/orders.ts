/** The sandbox's order operations: the order search (answers under `Results`) and PUT /orders/orders (statuses, flags, notes). */
import { round2, type SandboxOrder } from './state.js';
import { IDOSELL_ORDER_STATUSES } from '../idosell/orders.js';
import { formatWarsaw as toWarsawText } from '../idosell/warsaw-time.js';
import {
  arr,
  fromWarsawText,
  num,
  obj,
  pagedAnswer,
  paging,
  refuseUnsupported,
  RequestRefused,
  str,
  type Item,
  type OperationAnswer,
  type OperationContext,
  type Params,
} from './handlers.js';

function addressOf(o: SandboxOrder): Item {
  const b = o.billing;
  const d = o.delivery;
  const billing: Item = {
    clientFirstName: b.firstName,
    clientLastName: b.lastName,
    clientStreet: b.street,
    clientZipCode: b.zipCode,
    clientCity: b.city,
    clientCountryId: b.countryId,
    clientCountryName: b.countryName,
    clientPhone1: b.phone,
  };
  if (b.firm !== undefined) billing.clientFirm = b.firm;
  if (b.nip !== undefined) billing.clientNip = b.nip;
  const delivery: Item = {
    clientDeliveryAddressFirstName: d.firstName,
    clientDeliveryAddressLastName: d.lastName,
    clientDeliveryAddressStreet: d.street,
    clientDeliveryAddressZipCode: d.zipCode,
    clientDeliveryAddressCity: d.city,
    clientDeliveryAddressCountry: d.countryName,
    clientDeliveryAddressCountryId: d.countryId,
    clientDeliveryAddressPhone1: d.phone,
    clientDeliveryAddressType: 'client',
  };
  if (d.firm !== undefined) delivery.clientDeliveryAddressFirm = d.firm;
  return {
    clientBillingAddress: billing,
    clientDeliveryAddress: delivery,
    clientAccount: { clientId: o.clientId, clientLogin: o.clientLogin, clientEmail: o.clientEmail, clientPhone1: b.phone },
  };
}

export function orderView(o: SandboxOrder): Item {
  const productsCost = round2(o.lines.reduce((sum, l) => sum + l.productOrderPrice * l.productQuantity, 0));
  const details: Item = {
    orderStatus: o.orderStatus,
    apiFlag: o.apiFlag,
    orderAddDate: toWarsawText(o.addDate),
    orderChangeDate: toWarsawText(o.changeDate),
    orderDispatchDate: o.dispatchDate ? toWarsawText(o.dispatchDate) : null,
    clientNoteToOrder: o.clientNoteToOrder,
    orderNote: o.orderNote,
    payments: {
      orderPaymentType: o.paymentType,
      orderCurrency: { currencyId: o.currencyId, orderProductsCost: productsCost, orderDeliveryCost: o.deliveryCost, orderPayformCost: 0 },
      orderBaseCurrency: { billingCurrency: o.currencyId, orderProductsCost: productsCost, orderDeliveryCost: o.deliveryCost, orderPayformCost: 0 },
      orderWorthCalculateType: 'gross',
    },
    prepaids: [
      {
        prepaidId: o.orderSerialNumber * 10 + 1,
        paymentOrdinalNumber: 1,
        paymentNumber: `${o.orderSerialNumber}-1`,
        paymentAddDate: toWarsawText(o.addDate),
        paymentStatus: o.paymentStatus,
        paymentType: 'payment',
        payformId: o.payformId,
        payformName: o.payformName,
        paymentValue: o.paymentStatus === 'y' ? round2(productsCost + o.deliveryCost) : 0,
        currencyId: o.currencyId,
      },
    ],
    orderSourceResults: { orderSourceType: 'shop', shopId: 1 },
    dispatch: { courierId: o.courierId, courierName: o.courierName },
    productsResults: o.lines.map((l, i) => ({
      productId: l.productId,
      productName: l.productName,
      productCode: l.productCode,
      sizeId: l.sizeId,
      productSizeCodeExternal: l.productSizeCodeExternal,
      stockId: l.stockId,
      productQuantity: l.productQuantity,
      productVat: l.productVat,
      productVatFree: l.productVat === 0 ? 'y' : 'n',
      productOrderPrice: l.productOrderPrice,
      productOrderPriceNet: l.productOrderPriceNet,
      productOrderPriceBaseCurrency: l.productOrderPrice,
      productOrderPriceNetBaseCurrency: l.productOrderPriceNet,
      basketPosition: i + 1,
    })),
  };
  return {
    orderId: o.orderId,
    orderSerialNumber: o.orderSerialNumber,
    orderType: 'n',
    clientResult: addressOf(o),
    orderDetails: details,
  };
}

export function searchOrders(ctx: OperationContext, params: Params): OperationAnswer {
  refuseUnsupported(params, ['ordersStatuses', 'ordersIds', 'ordersSerialNumbers', 'ordersRange', 'orderPaymentType', 'resultsPage', 'resultsLimit', 'orderSource'], 'POST /orders/orders/search');
  const { page, limit } = paging(params);
  const statuses = Array.isArray(params.ordersStatuses) ? (params.ordersStatuses as string[]) : undefined;
  const ids = Array.isArray(params.ordersIds) ? (params.ordersIds as string[]) : undefined;
  const serials = Array.isArray(params.ordersSerialNumbers) ? (params.ordersSerialNumbers as number[]) : undefined;
  const paymentType = str(params.orderPaymentType);
  const source = obj(params.orderSource);
  refuseUnsupported(source, ['shopsIds'], 'POST /orders/orders/search (params.orderSource)');
  const shopIds = Array.isArray(source.shopsIds) ? (source.shopsIds as number[]) : undefined;
  const range = obj(params.ordersRange);
  refuseUnsupported(range, ['ordersDateRange', 'ordersSerialNumberRange'], 'POST /orders/orders/search (params.ordersRange)');
  const dateRange = obj(range.ordersDateRange);
  refuseUnsupported(dateRange, ['ordersDateType', 'ordersDateBegin', 'ordersDateEnd'], 'POST /orders/orders/search (params.ordersRange.ordersDateRange)');
  const dateType = str(dateRange.ordersDateType) ?? 'add';
  if (!['add', 'modified', 'dispatch'].includes(dateType)) {
    throw new RequestRefused(`params.ordersRange.ordersDateRange.ordersDateType "${dateType}" is valid in IdoSell but the sandbox does not support it; use add, modified or dispatch.`);
  }
  const parseBound = (key: 'ordersDateBegin' | 'ordersDateEnd'): Date | undefined => {
    const text = str(dateRange[key]);
    if (text === undefined) return undefined;
    const d = fromWarsawText(text);
    if (!d) throw new RequestRefused(`params.ordersRange.ordersDateRange.${key} is "${text}"; IdoSell expects "YYYY-MM-DD HH:MM:SS" in Europe/Warsaw time.`);
    return d;
  };
  const begin = parseBound('ordersDateBegin');
  const end = parseBound('ordersDateEnd');
  const serialRange = obj(range.ordersSerialNumberRange);
  const serialBegin = num(serialRange.ordersSerialNumberBegin);
  const serialEnd = num(serialRange.ordersSerialNumberEnd);

  const matches = ctx.state.orders
    .filter((o) => {
      if (statuses && statuses.length > 0 && !statuses.includes(o.orderStatus)) return false;
      if (ids && ids.length > 0 && !ids.includes(o.orderId)) return false;
      if (serials && serials.length > 0 && !serials.includes(o.orderSerialNumber)) return false;
      if (paymentType !== undefined && o.paymentType !== paymentType) return false;
      if (shopIds && shopIds.length > 0 && !shopIds.includes(ctx.state.shop.shopId)) return false;
      if (serialBegin !== undefined && o.orderSerialNumber < serialBegin) return false;
      if (serialEnd !== undefined && o.orderSerialNumber > serialEnd) return false;
      if (begin || end) {
        const when = dateType === 'add' ? o.addDate : dateType === 'modified' ? o.changeDate : o.dispatchDate;
        if (!when) return false;
        // IdoSell's texts have whole seconds: compare at second precision, both ends inclusive.
        const t = Math.floor(when.getTime() / 1000) * 1000;
        if (begin && t < begin.getTime()) return false;
        if (end && t > end.getTime()) return false;
      }
      return true;
    })
    .sort((a, b) => a.addDate.getTime() - b.addDate.getTime() || a.orderSerialNumber - b.orderSerialNumber);
  return pagedAnswer(matches.map(orderView), page, limit, 'Results');
}

const ORDER_PUT_FIELDS = ['orderId', 'orderSerialNumber', 'orderStatus', 'apiFlag', 'apiNoteToOrder', 'orderNote'];

export function putOrders(ctx: OperationContext, params: Params): OperationAnswer {
  let anyFault = false;
  const results = arr(params.orders).map((item, index) => {
    for (const key of Object.keys(item)) {
      if (!ORDER_PUT_FIELDS.includes(key)) {
        throw new RequestRefused(`params.orders[${index}].${key} is a valid IdoSell field, but the sandbox only implements ${ORDER_PUT_FIELDS.join(', ')} in PUT /orders/orders.`);
      }
    }
    const serial = num(item.orderSerialNumber);
    const orderId = str(item.orderId);
    const order = ctx.state.orders.find((o) => (serial !== undefined ? o.orderSerialNumber === serial : o.orderId === orderId));
    const result: Item = {};
    if (order) {
      result.orderId = order.orderId;
      result.orderSerialNumber = order.orderSerialNumber;
    } else {
      if (orderId !== undefined) result.orderId = orderId;
      if (serial !== undefined) result.orderSerialNumber = serial;
    }
    let fault = ctx.itemFault(index);
    const status = str(item.orderStatus);
    if (!fault) {
      if (serial === undefined && orderId === undefined) fault = { faultCode: 3, faultString: 'The item names no order: give orderSerialNumber or orderId.' };
      else if (!order) fault = { faultCode: 4, faultString: `The shop has no order ${serial ?? orderId}.` };
      else if (status !== undefined && !(IDOSELL_ORDER_STATUSES as readonly string[]).includes(status)) {
        fault = { faultCode: 5, faultString: `"${status}" is not an order status of IdoSell v6; use one of ${IDOSELL_ORDER_STATUSES.join(', ')}.` };
      } else if (status !== undefined && order.locked && status !== order.orderStatus) {
        fault = { faultCode: 7, faultString: `Order ${order.orderSerialNumber} is locked in the shop and cannot change status from "${order.orderStatus}" to "${status}".` };
      } else {
        if (status !== undefined) order.orderStatus = status;
        const flag = str(item.apiFlag);
        if (flag !== undefined) order.apiFlag = flag as SandboxOrder['apiFlag'];
        const apiNote = str(item.apiNoteToOrder);
        if (apiNote !== undefined) order.apiNoteToOrder = apiNote;
        const note = str(item.orderNote);
        if (note !== undefined) order.orderNote = note;
        order.changeDate = ctx.now();
      }
    }
    if (order) result.orderStatus = order.orderStatus;
    if (fault) anyFault = true;
    result.faultCode = fault?.faultCode ?? 0;
    result.faultString = fault?.faultString ?? '';
    return result;
  });
  return { status: anyFault ? 207 : 200, body: { results: { ordersResults: results } } };
}
