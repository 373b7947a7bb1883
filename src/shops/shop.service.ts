import type { DataSource } from 'typeorm';
import { BadInputError, ConflictError, NotFoundError, isUniqueViolation } from '../common/errors.js';
import type { SecretBox } from '../common/crypto.js';
import { ShopEntity } from './shop.entity.js';
import { inTransaction } from '../db/tx.js';

export interface CreateShop {
  name: string;
  apiUrl: string;
  apiKey: string;
  idosellStockId?: number | null;
  languageId?: string | null;
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

/**
 * Accepts the Admin API base URL ("https://shop.example.com/api/admin/v6") or a bare panel address
 * ("https://shop.example.com"), which gets IdoSell's /api/admin/v6.
 */
export function normalizeApiUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new BadInputError(`apiUrl "${input}" is not a URL; give the shop's Admin API address, e.g. https://example.idosell.com/api/admin/v6.`, 'apiUrl');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BadInputError(`apiUrl must start with https:// (or http:// for a local sandbox), not ${url.protocol}//.`, 'apiUrl');
  }
  if (url.username || url.password) {
    throw new BadInputError('apiUrl must not carry a user name or password; give the API key in apiKey.', 'apiUrl');
  }
  if (url.search || url.hash) {
    throw new BadInputError('apiUrl must not have a query string or fragment.', 'apiUrl');
  }
  let pathname = url.pathname.replace(/\/+$/, '');
  if (pathname === '') pathname = '/api/admin/v6';
  return `${url.protocol}//${url.host}${pathname}`;
}

export class ShopService {
  constructor(private readonly ds: DataSource, private readonly box: SecretBox) {}

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
    const apiUrl = normalizeApiUrl(input.apiUrl);
    const name = input.name.trim();
    if (await repo.exists({ where: { name } })) {
      throw new ConflictError(`A shop named "${name}" already exists; choose another name or update that shop.`, { field: 'name' });
    }
    try {
      const saved = await inTransaction(this.ds, (m) => m.getRepository(ShopEntity).save(repo.create({
        name,
        apiUrl,
        apiKeyEnc: this.box.seal(input.apiKey.trim()),
        idosellStockId: input.idosellStockId ?? 1,
        languageId: input.languageId ?? 'pol',
        active: true,
      })));
      return this.require(saved.id);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`A shop named "${name}" already exists; choose another name.`, { field: 'name' });
      throw err;
    }
  }

  async update(id: number, input: UpdateShop): Promise<ShopEntity> {
    const repo = this.ds.getRepository(ShopEntity);
    const shop = await this.require(id);
    const patch: Partial<ShopEntity> = {};
    if (input.name !== undefined && input.name !== null) {
      const name = input.name.trim();
      const other = await repo.findOneBy({ name });
      if (other && other.id !== id) throw new ConflictError(`A shop named "${name}" already exists; choose another name.`, { field: 'name' });
      patch.name = name;
    }
    if (input.apiUrl !== undefined && input.apiUrl !== null) patch.apiUrl = normalizeApiUrl(input.apiUrl);
    if (input.apiKey !== undefined && input.apiKey !== null) patch.apiKeyEnc = this.box.seal(input.apiKey.trim());
    if (input.idosellStockId !== undefined && input.idosellStockId !== null) patch.idosellStockId = input.idosellStockId;
    if (input.languageId !== undefined && input.languageId !== null) patch.languageId = input.languageId;
    if (input.active !== undefined && input.active !== null) patch.active = input.active;
    if (Object.keys(patch).length) {
      try {
        await inTransaction(this.ds, (m) => m.getRepository(ShopEntity).update({ id: shop.id }, patch));
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError('Another shop already has that name; choose another name.', { field: 'name' });
        throw err;
      }
    }
    return this.require(id);
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
