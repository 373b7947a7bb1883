import type { DataSource } from 'typeorm';
import { BadInputError, ConflictError, NotFoundError, isUniqueViolation } from '../common/errors.js';
import type { SecretBox } from '../common/crypto.js';
import { ShopEntity } from './shop.entity.js';
import { inTransaction } from '../db/tx.js';
import { cleanText, quote, type TextRule } from '../common/text.js';
import { parseShopAddress, privateAddressProblem, ShopAddressError, type ShopAddress } from '../idosell/address.js';
import type { ShopConnection } from '../idosell/index.js';
import type { ConnectionReport } from './shop-connection.js';

export interface CreateShop {
  name: string;
  apiUrl: string;
  apiKey: string;
  idosellStockId?: number | null;
  languageId?: string | null;
  /** Save without calling the shop first (a shop not live yet); by default a shop that refuses the key or cannot be reached is not saved. */
  saveWithoutTest?: boolean | null;
}
export type UpdateShop = Partial<CreateShop> & { active?: boolean };

/** What the connector needs to talk to a shop: the decrypted key never leaves the server. */
export interface ShopConnectionInfo {
  id: number;
  name: string;
  apiUrl: string;
  apiKey: string;
  idosellStockId: number;
  languageId: string;
  active: boolean;
}

/** The free-text rules of a shop's fields (shop.types.ts applies them at the GraphQL edge too). */
export const SHOP_TEXT = {
  name: { max: 100 },
  apiUrl: { max: 500 },
  apiKey: { min: 8, max: 500, what: 'the IdoSell API key as the shop panel shows it' },
} satisfies Record<string, TextRule>;

export interface ShopServiceOptions {
  /** IDOSELL_ALLOW_PRIVATE_ADDRESSES: may a shop's address be loopback or private (the embedded sandbox)? */
  allowPrivateAddresses: boolean;
  /** Calls a shop with an address and key (ShopConnectionTester): createShop and updateShop run it before saving a new address or key. */
  connectionTester: { test(shop: ShopConnection): Promise<ConnectionReport> };
}

/**
 * The shop's address by the one rule (idosell/address.ts): a bare domain means
 * https://<domain>/api/admin/v6; https only, plain http only for a loopback sandbox; a loopback or
 * private IP literal (or localhost) only when private addresses are allowed. BAD_USER_INPUT on apiUrl.
 */
export function normalizeApiUrl(input: string, allowPrivateAddresses = true): string {
  let address: ShopAddress;
  try {
    address = parseShopAddress(input);
  } catch (err) {
    if (err instanceof ShopAddressError) throw new BadInputError(`apiUrl: ${err.problem}`, 'apiUrl');
    throw err;
  }
  const problem = privateAddressProblem(address, allowPrivateAddresses);
  if (problem) throw new BadInputError(`apiUrl: ${problem}`, 'apiUrl');
  // A bare domain gains https:// and /api/admin/v6: the stored address must still fit api_url, nvarchar(500).
  if (address.baseUrl.length > SHOP_TEXT.apiUrl.max) {
    throw new BadInputError(`apiUrl: the shop's address becomes ${address.baseUrl.length} characters with https:// and /api/admin/v6; it may be at most ${SHOP_TEXT.apiUrl.max}. Check the address in the IdoSell panel.`, 'apiUrl');
  }
  return address.baseUrl;
}

/**
 * The API key by SHOP_TEXT.apiKey, and printable ASCII, as IdoSell's keys are: so its sealed form
 * (UTF-8 bytes, encrypted, base64) fits api_key_enc, nvarchar(1000), whatever the key.
 */
function cleanApiKey(value: string): string {
  const key = cleanText(value, 'apiKey', SHOP_TEXT.apiKey);
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new BadInputError(`apiKey must be ${SHOP_TEXT.apiKey.what}: letters, digits and signs without spaces or accented letters.`, 'apiKey');
  }
  return key;
}

export class ShopService {
  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
    private readonly options: ShopServiceOptions,
  ) {}

  list(): Promise<ShopEntity[]> {
    return this.ds.getRepository(ShopEntity).find({ order: { id: 'ASC' } });
  }

  async get(id: number): Promise<ShopEntity | null> {
    return this.ds.getRepository(ShopEntity).findOneBy({ id });
  }

  async require(id: number): Promise<ShopEntity> {
    const shop = await this.get(id);
    if (!shop) throw new NotFoundError('Shop', id);
    return shop;
  }

  async byIds(ids: readonly number[]): Promise<ShopEntity[]> {
    if (!ids.length) return [];
    return this.ds.getRepository(ShopEntity).createQueryBuilder('s').where('s.id IN (:...ids)', { ids: [...ids] }).getMany();
  }

  async create(input: CreateShop): Promise<ShopEntity> {
    const repo = this.ds.getRepository(ShopEntity);
    const name = cleanText(input.name, 'name', SHOP_TEXT.name);
    const apiUrl = normalizeApiUrl(cleanText(input.apiUrl, 'apiUrl', SHOP_TEXT.apiUrl), this.options.allowPrivateAddresses);
    const apiKey = cleanApiKey(input.apiKey);
    if (await repo.exists({ where: { name } })) {
      throw new ConflictError(`A shop named ${quote(name)} already exists; choose another name or update that shop.`, { field: 'name' });
    }
    if (!input.saveWithoutTest) await this.refuseUnlessConnects({ name, apiUrl, apiKey });
    try {
      // The instants from here, not the database's "now" (UTC either way; see shop.entity.ts).
      const now = new Date();
      const saved = await inTransaction(this.ds, (m) => m.getRepository(ShopEntity).save(repo.create({
        createdAt: now,
        updatedAt: now,
        name,
        apiUrl,
        apiKeyEnc: this.box.seal(apiKey),
        idosellStockId: input.idosellStockId ?? 1,
        languageId: input.languageId ?? 'pol',
        active: true,
      })));
      return this.require(saved.id);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`A shop named ${quote(name)} already exists; choose another name.`, { field: 'name' });
      throw err;
    }
  }

  /**
   * Changes what the input gives. A new address (one that normalises differently) needs the API key
   * again: the stored key is never sent to a host it was not given for.
   */
  async update(id: number, input: UpdateShop): Promise<ShopEntity> {
    const repo = this.ds.getRepository(ShopEntity);
    const shop = await this.require(id);
    const patch: Partial<ShopEntity> = {};
    if (input.name !== undefined && input.name !== null) {
      const name = cleanText(input.name, 'name', SHOP_TEXT.name);
      const other = await repo.findOneBy({ name });
      if (other && other.id !== id) throw new ConflictError(`A shop named ${quote(name)} already exists; choose another name.`, { field: 'name' });
      patch.name = name;
    }
    const apiKey = input.apiKey !== undefined && input.apiKey !== null ? cleanApiKey(input.apiKey) : null;
    if (input.apiUrl !== undefined && input.apiUrl !== null) {
      const apiUrl = normalizeApiUrl(cleanText(input.apiUrl, 'apiUrl', SHOP_TEXT.apiUrl), this.options.allowPrivateAddresses);
      if (apiUrl !== shop.apiUrl) {
        if (apiKey === null) {
          throw new BadInputError(
            "Changing the shop's address needs its API key again: send apiKey with apiUrl, so the stored key is never sent to a new host.",
            'apiKey',
          );
        }
        patch.apiUrl = apiUrl;
      }
    }
    if (apiKey !== null) {
      // A stored key that no longer decrypts (SECRET_KEY was changed) counts as a different key: it is replaced.
      let stored: string | null;
      try {
        stored = this.box.open(shop.apiKeyEnc);
      } catch {
        stored = null;
      }
      const keyChanged = apiKey !== stored;
      if ((keyChanged || patch.apiUrl !== undefined) && !input.saveWithoutTest) {
        await this.refuseUnlessConnects({ name: patch.name ?? shop.name, apiUrl: patch.apiUrl ?? shop.apiUrl, apiKey });
      }
      patch.apiKeyEnc = this.box.seal(apiKey);
    }
    if (input.idosellStockId !== undefined && input.idosellStockId !== null) patch.idosellStockId = input.idosellStockId;
    if (input.languageId !== undefined && input.languageId !== null) patch.languageId = input.languageId;
    if (input.active !== undefined && input.active !== null) patch.active = input.active;
    if (Object.keys(patch).length) {
      patch.updatedAt = new Date();
      try {
        await inTransaction(this.ds, (m) => m.getRepository(ShopEntity).update({ id: shop.id }, patch));
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError('Another shop already has that name; choose another name.', { field: 'name' });
        throw err;
      }
    }
    return this.require(id);
  }

  /** Calls the shop with its stored address and key (testShopConnection). */
  async testConnection(id: number): Promise<ConnectionReport> {
    const shop = await this.connection(id);
    return this.options.connectionTester.test({ name: shop.name, apiUrl: shop.apiUrl, apiKey: shop.apiKey });
  }

  /** BAD_USER_INPUT with the test's sentence unless the shop answers and accepts the key; nothing is written. */
  private async refuseUnlessConnects(shop: ShopConnection): Promise<void> {
    const report = await this.options.connectionTester.test(shop);
    if (report.ok) return;
    throw new BadInputError(
      `The shop was not saved: ${report.message} To save it anyway (e.g. a shop not live yet), send saveWithoutTest: true; testShopConnection tests it later.`,
      report.field ?? 'apiUrl',
    );
  }

  /** The shop with its decrypted API key, for the connector only. */
  async connection(id: number): Promise<ShopConnectionInfo> {
    const shop = await this.get(id);
    if (!shop) throw new NotFoundError('Shop', id);
    return {
      id: shop.id, name: shop.name, apiUrl: shop.apiUrl, apiKey: this.box.open(shop.apiKeyEnc),
      idosellStockId: shop.idosellStockId, languageId: shop.languageId, active: shop.active,
    };
  }
}
