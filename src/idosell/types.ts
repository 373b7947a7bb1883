/**
 * IdoSell Admin API v6 wire shapes for the operations the connector uses, field names exactly as
 * the published OpenAPI schema spells them (src/idosell/openapi/). Requests name only what we
 * send; responses name what we read, all optional, because the schema marks nothing required and
 * an empty object may arrive as `[]`.
 */

export type YesNo = 'y' | 'n';
/** Fault codes are integers in some answers and strings in others. */
export type FaultCode = number | string;

export interface Fault {
  faultCode?: FaultCode;
  faultString?: string;
}

/** Every POST/PUT body is wrapped like this. */
export interface Params<T> {
  params: T;
}

// ---------------------------------------------------------------- PUT /products/products

export type SettingModificationType = 'all' | 'edit' | 'add';

export interface ProductStocksQuantityPut {
  stockId: number;
  productSizeQuantity: number;
}

export interface ProductSizePut {
  sizeId?: string;
  productSizeCodeExternal?: string;
  productStocksData?: { productStocksQuantities: ProductStocksQuantityPut[] };
}

export interface LangName { langId: string; productName: string }
export interface LangParamDescription { langId: string; productParamDescriptions: string }
export interface LangLongDescription { langId: string; productLongDescription: string }

/** The fields PUT and POST /products/products spell the same way. */
interface ProductCommonFields {
  productDisplayedCode?: string;
  productSizeCodeExternal?: string;
  productVat?: number;
  productVatFree?: YesNo;
  productRetailPrice?: number;
  productWholesalePrice?: number;
  productMinimalPrice?: number;
  productPosPrice?: number;
  productNames?: { productNamesLangData: LangName[] };
  productLongDescriptions?: { productLongDescriptionsLangData: LangLongDescription[] };
}

export interface ProductPut extends ProductCommonFields {
  productId?: number;
  productSuggestedPrice?: number;
  productStrikethroughRetailPrice?: number;
  productParamDescriptions?: { productParamDescriptionsLangData: LangParamDescription[] };
  productPictures?: { productPictureSource: string }[];
  productSizes?: ProductSizePut[];
}

export interface ProductsPutParams {
  settings: { settingModificationType: SettingModificationType };
  picturesSettings?: {
    picturesSettingInputType: 'base64' | 'url';
    picturesSettingOverwrite: YesNo;
  };
  products: ProductPut[];
}

/** POST /products/products (add only). Typed for completeness; the connector creates with PUT `add`, see README. */
export interface ProductPost extends ProductCommonFields {
  productDescriptions?: { productDescriptionsLangData: { langId: string; productDescription: string }[] };
  productPictures?: string[];
  productSizes?: {
    sizeId?: string;
    productStocksData?: { productStockQuantities: { stockId: number; productSizeQuantity: number }[] };
  }[];
}

export interface ProductsPostParams {
  picturesSettings?: { picturesSettingInputType: 'base64' | 'url' };
  products: ProductPost[];
}

export interface ProductResult {
  productId?: number;
  productIndex?: string;
  sizeId?: string;
  productSizeCodeExternal?: string;
  faults?: Fault[] | [];
  productResultDetails?: { fault?: Fault | []; operationType?: string }[];
  /** Not in the schema of this answer, but IdoSell's per-item convention elsewhere; read if present. */
  faultCode?: FaultCode;
  faultString?: string;
}

export interface ProductsWriteResponse {
  results?: { productsResults?: ProductResult[] } | [];
  errors?: Fault | [];
}

// ---------------------------------------------------------------- POST /products/products/search

export interface ProductsSearchParams {
  productParams?: { productSizeCodeExternal?: string; productCode?: string; productId?: number }[];
  productIndexes?: { productIndex: string }[];
  returnProducts?: 'active' | 'deleted' | 'in_trash';
  resultsPage: number;
  resultsLimit: number;
}

export interface ProductSearchResult {
  productId?: number;
  productDisplayedCode?: string;
  productIsDeleted?: string;
  productSizesAttributes?: { sizeId?: string; productSizeCodeExternal?: string }[] | [];
}

export interface ProductsSearchResponse {
  resultsNumberAll?: number;
  resultsNumberPage?: number;
  resultsPage?: number;
  resultsLimit?: number;
  results?: ProductSearchResult[];
  errors?: Fault | [];
}

// ---------------------------------------------------------------- PUT /products/stockQuantity

export interface StockQuantityPut {
  productSizeCodeExternal: string;
  stockId: number;
  productSizeQuantity: number;
}

export interface StockQuantityParams {
  products: StockQuantityPut[];
}

export interface StockQuantityResponse {
  results?: ({ productSizeCodeExternal?: string; productIndex?: string; stockId?: string | number } & Fault)[] | [];
  errors?: Fault | [];
}

// ---------------------------------------------------------------- PUT /products/images

export interface ProductsImagesParams {
  productsImagesSettings: { productsImagesSourceType: 'base64' | 'url' };
  productsImages: {
    productIdent: { identValue: string; productIdentType: 'id' | 'index' | 'codeExtern' | 'codeProducer' };
    productImages: { productImageSource: string; productImageNumber: number }[];
  }[];
}

export interface ProductsImagesResponse {
  results?: {
    productIdent?: { identValue?: string; productIdentType?: string };
    productImages?: { productImageNumber?: number; errors?: Fault | [] }[];
    errors?: Fault | [];
    isImagesErrors?: boolean;
  }[] | [];
  errors?: Fault | [];
}

// ---------------------------------------------------------------- POST /orders/orders/search

export type OrdersDateType = 'add' | 'modified' | 'dispatch' | 'payment' | 'last_payments_operation' | 'declared_payments';

export interface OrdersSearchParams {
  ordersRange?: {
    ordersDateRange: { ordersDateType: OrdersDateType; ordersDateBegin: string; ordersDateEnd: string };
  };
  ordersSerialNumbers?: number[];
  resultsPage: number;
  resultsLimit: number;
}

export interface OrderBillingAddress {
  clientFirstName?: string;
  clientLastName?: string;
  clientNip?: string;
  clientFirm?: string;
  clientStreet?: string;
  clientZipCode?: string;
  clientCity?: string;
  clientCountryName?: string;
  clientCountryId?: string;
  clientPhone1?: string;
}

export interface OrderDeliveryAddress {
  clientDeliveryAddressFirstName?: string;
  clientDeliveryAddressLastName?: string;
  clientDeliveryAddressFirm?: string;
  clientDeliveryAddressStreet?: string;
  clientDeliveryAddressZipCode?: string;
  clientDeliveryAddressCity?: string;
  clientDeliveryAddressCountry?: string;
  clientDeliveryAddressCountryId?: string;
  clientDeliveryAddressPhone1?: string;
}

export interface OrderProductResult {
  productId?: number;
  productName?: string;
  productCode?: string;
  sizeId?: string;
  productSizeCodeExternal?: string;
  productQuantity?: number;
  productVat?: number;
  productOrderPrice?: number;
  productOrderPriceNet?: number;
}

export interface OrderResult {
  orderId?: string;
  orderSerialNumber?: number;
  clientResult?: {
    clientBillingAddress?: OrderBillingAddress | [];
    clientDeliveryAddress?: OrderDeliveryAddress | [];
    clientAccount?: { clientId?: number; clientLogin?: string; clientEmail?: string; clientPhone1?: string } | [];
  } | [];
  orderDetails?: {
    orderStatus?: string;
    orderAddDate?: string;
    orderChangeDate?: string;
    clientNoteToOrder?: string;
    payments?: {
      orderPaymentType?: string;
      orderCurrency?: {
        currencyId?: string;
        orderProductsCost?: number;
        orderDeliveryCost?: number;
        orderPayformCost?: number;
        orderInsuranceCost?: number;
      } | [];
      orderBaseCurrency?: { billingCurrency?: string } | [];
    } | [];
    prepaids?: { payformId?: number; payformName?: string; paymentValue?: number }[] | [];
    productsResults?: OrderProductResult[] | [];
  } | [];
  errors?: Fault[] | [];
}

export interface OrdersSearchResponse {
  Results?: OrderResult[] | [];
  resultsNumberAll?: number;
  resultsNumberPage?: number;
  resultsPage?: number;
  resultsLimit?: number;
  errors?: Fault | [];
}

// ---------------------------------------------------------------- PUT /orders/orders

export interface OrdersPutParams {
  orders: { orderSerialNumber: number; orderStatus: string }[];
}

export interface OrdersPutResponse {
  results?: { ordersResults?: ({ orderSerialNumber?: number; orderId?: string; orderStatus?: string } & Fault)[] } | [];
  errors?: Fault | [];
}

// ---------------------------------------------------------------- GET /payments/forms

export interface PaymentFormsResponse {
  result?: { payment_forms?: { id?: number; name?: string }[] | [] } | [];
}

// ---------------------------------------------------------------- GET /system/shopsData

export interface ShopsDataResponse {
  panel_basecurrency_id?: string;
  panel_lang_id_default?: string;
  languages?: { lang_id?: string; lang_name?: string }[] | [];
  stocks?: { stock_id?: number; stock_name?: string }[] | [];
  shops?: { shop_id?: number; shop_name?: string; shop_lang_id_default?: string; currency_id?: string }[] | [];
  vat_rates?: { id?: number; value?: number }[] | [];
}
