/**
 * Bad input and shop addresses over GraphQL (issue 9, points 6, 7, 8, 9 and 14): the free-text rule
 * on every text input, https-only shop addresses, the key needed again with a new address, the
 * private-address rule (IDOSELL_ALLOW_PRIVATE_ADDRESSES) at save time and at call time, capped
 * echoes of input in errors, and LIKE wildcards matched literally. After every refusal the test
 * reads the database to check that nothing was written.
 */
import { SecretBox } from '../../src/common/crypto.js';
import { ShopEntity } from '../../src/shops/shop.entity.js';
import { PaymentMethodMappingEntity, StatusMappingEntity } from '../../src/mappings/mapping.entities.js';
import { IsofProduct } from '../../src/isof/entities.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

const CREATE = `mutation($input: CreateShopInput!) { createShop(input: $input) { id name apiUrl hasApiKey } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateShopInput!) { updateShop(id: $id, input: $input) { id name apiUrl hasApiKey } }`;
const SHOP_KEY = 'input-rules-shop-key-0123456789';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ apiKey: SHOP_KEY, demo: true });
});
afterAll(() => sandbox.close());

type Gql = TestApp['gql'];
const problem = (r: Awaited<ReturnType<Gql>>) => ({ code: r.errors?.[0]?.extensions?.code, message: r.errors?.[0]?.message ?? '' });

describe('with the defaults of the tests (private addresses allowed: the sandbox is on loopback)', () => {
  let app: TestApp;
  const shops = () => app.services.ds.getRepository(ShopEntity).find({ order: { id: 'ASC' } });

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  describe('point 6: one free-text rule', () => {
    test.each([
      ['a whitespace-only name', { name: '   \t ' }, 'name', 'name must contain a visible character.'],
      ['a whitespace-only apiKey', { apiKey: '            ' }, 'apiKey', 'apiKey must contain a visible character.'],
      ['a short apiKey after trimming', { apiKey: '   abc      ' }, 'apiKey', 'apiKey must be the IdoSell API key as the shop panel shows it (8 to 500 characters).'],
      ['a name with a NUL byte', { name: 'Sklep\u0000zły' }, 'name', 'name contains a control character (U+0000); remove it.'],
      ['a name with a newline', { name: 'Sklep\nzły' }, 'name', 'name contains a control character (U+000A); remove it.'],
      ['a name with a lone surrogate', { name: 'Sklep \uD83D' }, 'name', 'name contains a broken character (a lone UTF-16 surrogate, U+D83D)'],
      ['a name of zero-width spaces', { name: '\u200B\u200B\u200B' }, 'name', 'name must contain a visible character.'],
      ['a name of direction marks', { name: '\u200E\u200F' }, 'name', 'name must contain a visible character.'],
      ['a name with a right-to-left override', { name: 'Sklep \u202Eexe.gpj' }, 'name', 'name contains a text-direction control character (U+202E)'],
      ['an apiKey with a control character', { apiKey: 'abcdefgh\u0007ijk' }, 'apiKey', 'apiKey contains a control character (U+0007); remove it.'],
      ['a 101-character name after trimming', { name: `  ${'x'.repeat(101)}  ` }, 'name', 'name must be at most 100 characters (it has 101).'],
    ])('createShop with %s is BAD_USER_INPUT naming the field, and writes nothing', async (_label, patch, field, words) => {
      const before = await shops();
      const r = await app.gql(CREATE, { input: { name: `Sklep ${Math.random()}`, apiUrl: 'https://sklep.example.com', apiKey: SHOP_KEY, saveWithoutTest: true, ...patch } });
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message).toContain(words);
      expect(r.errors![0]!.extensions!.fields).toEqual([{ field, problems: [expect.stringContaining(words)] }]);
      expect(await shops()).toEqual(before);
    });

    test('what is stored is the trimmed text; updateShop follows the same rule and changes nothing when refused', async () => {
      const created = await app.gql(CREATE, { input: { name: '  Sklep z odstępami  ', apiUrl: ' https://trim.example.com ', apiKey: `  ${SHOP_KEY}  `, saveWithoutTest: true } });
      expect(created.errors).toBeUndefined();
      const id = Number(created.data.createShop.id);
      const stored = await app.services.ds.getRepository(ShopEntity).findOneByOrFail({ id });
      expect(stored.name).toBe('Sklep z odstępami');
      expect(stored.apiUrl).toBe('https://trim.example.com/api/admin/v6');
      expect((await app.services.shops.connection(id)).apiKey).toBe(SHOP_KEY);
      // The length is counted after trimming: 100 characters with spaces around fit a 100-character name.
      const full = await app.gql(CREATE, { input: { name: `  ${'y'.repeat(100)}  `, apiUrl: 'https://full.example.com', apiKey: SHOP_KEY, saveWithoutTest: true } });
      expect(full.data.createShop.name).toBe('y'.repeat(100));

      for (const [input, words] of [
        [{ name: '  ' }, 'name must contain a visible character.'],
        [{ apiKey: '\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B' }, 'apiKey must contain a visible character.'],
        [{ name: 'x\u0000' }, 'name contains a control character (U+0000)'],
      ] as const) {
        const r = await app.gql(UPDATE, { id: String(id), input });
        expect(problem(r)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining(words) });
        expect(await app.services.ds.getRepository(ShopEntity).findOneByOrFail({ id })).toEqual(stored);
      }
    });

    test('mapping names and statuses follow the rule and write nothing when refused', async () => {
      const shop = await app.gql(CREATE, { input: { name: 'Sklep mapowań', apiUrl: 'https://mapy.example.com', apiKey: SHOP_KEY, saveWithoutTest: true } });
      const shopId = shop.data.createShop.id;
      const payment = await app.gql(`mutation($n: String!) { setPaymentMethodMapping(input: { shopId: "${shopId}", paymentMethodId: "1", idosellPaymentFormName: $n }) { id } }`, { n: '\u200B\u2060' });
      expect(problem(payment)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('idosellPaymentFormName must contain a visible character.') });
      const status = await app.gql(`mutation($s: String!) { setStatusMapping(input: { shopId: "${shopId}", isofStatus: $s, idosellStatus: "finished" }) { id } }`, { s: 'Wysłane\u0000' });
      expect(problem(status)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('isofStatus contains a control character (U+0000)') });
      const idosell = await app.gql(`mutation($s: String!) { setStatusMapping(input: { shopId: "${shopId}", isofStatus: "Wysłane", idosellStatus: $s }) { id } }`, { s: 'finished\u202E' });
      expect(problem(idosell)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('idosellStatus contains a text-direction control character') });
      expect(await app.services.ds.getRepository(PaymentMethodMappingEntity).count()).toBe(0);
      expect(await app.services.ds.getRepository(StatusMappingEntity).count()).toBe(0);

      // Trimmed, the same names are fine.
      const ok = await app.gql(`mutation { setPaymentMethodMapping(input: { shopId: "${shopId}", paymentMethodId: "1", idosellPaymentFormName: "  PayU  " }) { idosellPaymentFormName } }`);
      expect(ok.data.setPaymentMethodMapping.idosellPaymentFormName).toBe('PayU');
    });

    test('the product search and codes follow the rule', async () => {
      const search = await app.gql(`query($s: String) { products(filter: { search: $s }) { totalCount } }`, { s: 'a\u0000b' });
      expect(problem(search)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('search contains a control character (U+0000)') });
      const codes = await app.gql(`query($c: [String!]) { products(filter: { codes: $c }) { totalCount } }`, { c: ['TOW-00001', '\u200B'] });
      expect(problem(codes)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('codes[1] must contain a visible character.') });
      // An empty search box is no filter; codes are trimmed.
      const all = await app.gql(`{ products(filter: { search: "   " }) { totalCount } }`);
      const first = await app.services.ds.getRepository(IsofProduct).findOneOrFail({ where: {}, order: { id: 'ASC' } });
      const trimmed = await app.gql(`query($c: [String!]) { products(filter: { codes: $c }) { totalCount edges { node { code } } } }`, { c: [`  ${first.code} `] });
      expect(all.data.products.totalCount).toBe(await app.services.ds.getRepository(IsofProduct).count());
      expect(trimmed.data.products.edges).toEqual([{ node: { code: first.code } }]);
    });
  });

  describe('point 7: https only, plain http only for a loopback sandbox', () => {
    test.each(['http://sklep.example.com', 'http://sklep.example.com/api/admin/v6', 'http://93.184.216.34'])('createShop with %s is refused and writes nothing', async (apiUrl) => {
      const before = await shops();
      const r = await app.gql(CREATE, { input: { name: `Sklep http ${Math.random()}`, apiUrl, apiKey: SHOP_KEY } });
      expect(problem(r).code).toBe('BAD_USER_INPUT');
      expect(problem(r).message).toMatch(/use https:\/\/.*plain http is allowed only for a loopback sandbox/);
      expect(r.errors![0]!.extensions!.field).toBe('apiUrl');
      expect(await shops()).toEqual(before);
    });

    test('a bare domain means https; http to the loopback sandbox is accepted; updateShop applies the same rule', async () => {
      const bare = await app.gql(CREATE, { input: { name: 'Sklep domena', apiUrl: 'domena.example.com', apiKey: SHOP_KEY, saveWithoutTest: true } });
      expect(bare.data.createShop.apiUrl).toBe('https://domena.example.com/api/admin/v6');
      const local = await app.gql(CREATE, { input: { name: 'Sklep lokalny', apiUrl: sandbox.url, apiKey: SHOP_KEY } });
      expect(local.data.createShop.apiUrl).toBe(sandbox.url);
      const before = await shops();
      const r = await app.gql(UPDATE, { id: bare.data.createShop.id, input: { apiUrl: 'http://domena.example.com', apiKey: SHOP_KEY, saveWithoutTest: true } });
      expect(problem(r).message).toContain('plain http is allowed only for a loopback sandbox');
      expect(await shops()).toEqual(before);
    });
  });

  describe('point 8: a new address needs the key again', () => {
    test('updateShop with a new apiUrl and no apiKey is refused; the stored key never travels to the new host', async () => {
      const created = await app.gql(CREATE, { input: { name: 'Sklep klucz', apiUrl: sandbox.url, apiKey: SHOP_KEY } });
      const id = created.data.createShop.id;
      const before = await app.services.ds.getRepository(ShopEntity).findOneByOrFail({ id: Number(id) });
      const other = await startSandbox({ apiKey: 'other-host-key-0123456789', demo: true });
      try {
        const moved = await app.gql(UPDATE, { id, input: { apiUrl: other.url } });
        expect(problem(moved)).toEqual({
          code: 'BAD_USER_INPUT',
          message: "Changing the shop's address needs its API key again: send apiKey with apiUrl, so the stored key is never sent to a new host.",
        });
        expect(moved.errors![0]!.extensions!.field).toBe('apiKey');
        expect(await app.services.ds.getRepository(ShopEntity).findOneByOrFail({ id: Number(id) })).toEqual(before);

        // A viewer's next call still goes to the old address, with the old key; the new host hears nothing.
        sandbox.resetCalls();
        const forms = await app.gql(`{ shopPaymentForms(shopId: "${id}") }`);
        expect(forms.errors).toBeUndefined();
        expect(sandbox.calls.length).toBeGreaterThan(0);
        expect(other.calls).toHaveLength(0);

        // The same address again (written differently) needs no key; a new address with its key is fine.
        const same = await app.gql(UPDATE, { id, input: { apiUrl: `${sandbox.url}/`, name: 'Sklep klucz 2' } });
        expect(same.errors).toBeUndefined();
        expect(same.data.updateShop.apiUrl).toBe(sandbox.url);
        const withKey = await app.gql(UPDATE, { id, input: { apiUrl: other.url, apiKey: 'other-host-key-0123456789' } });
        expect(withKey.data.updateShop.apiUrl).toBe(other.url);
        expect((await app.gql(`{ shopPaymentForms(shopId: "${id}") }`)).errors).toBeUndefined();
        expect(other.calls.length).toBeGreaterThan(0);
      } finally {
        await other.close();
      }
    });
  });

  describe('point 14: capped echoes, literal LIKE', () => {
    test('an id of 10,000 characters is not repeated whole, in our messages or graphql-js\'s', async () => {
      const long = '1'.repeat(10000);
      for (const [query, variables] of [
        [`{ shop(id: "${long}") { id } }`, undefined],
        ['query($id: ID!) { syncRun(id: $id) { id } }', { id: long }],
        ['query($id: ID!) { order(id: $id) { id } }', { id: `x${long}` }],
        [`{ products(first: "${long}") { totalCount } }`, undefined],
        ['query($f: Int) { products(first: $f) { totalCount } }', { f: long }],
      ] as const) {
        const r = await app.gql(query, variables as Record<string, unknown> | undefined);
        const message = r.errors![0]!.message;
        expect(message.length).toBeLessThan(400);
        expect(message).toMatch(/…" \(1000[01] characters\)/);
        expect(JSON.stringify(r.errors)).not.toContain('1'.repeat(100));
      }
    });

    test('a search for _ or % matches only a literal _ or %', async () => {
      const repo = app.services.ds.getRepository(IsofProduct);
      await repo.save(['LIT_A1', 'LITXA1', 'LIT%A2', 'LITYA2', 'LIT[A3', 'LIT\\A4'].map((code) => repo.create({ code, name: `Produkt ${code}`, vatRate: 23, unit: 'szt.', active: true })));
      const codes = async (search: string) => {
        const r = await app.gql(`query($s: String) { products(filter: { search: $s }, first: 500) { totalCount edges { node { code name } } } }`, { s: search });
        expect(r.errors).toBeUndefined();
        return r.data.products;
      };
      expect((await codes('T_A')).edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['LIT_A1']);
      expect((await codes('T%A')).edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['LIT%A2']);
      expect((await codes('T[A')).edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['LIT[A3']);
      expect((await codes('T\\A')).edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['LIT\\A4']);
      const all = await repo.find();
      for (const ch of ['_', '%']) {
        const found = await codes(ch);
        const literal = all.filter((p) => p.code.includes(ch) || p.name.includes(ch));
        expect(found.totalCount).toBe(literal.length);
        expect(found.totalCount).toBeLessThan(all.length);
        for (const e of found.edges) expect(`${e.node.code} ${e.node.name}`).toContain(ch);
      }
    });
  });
});

describe('point 9: private addresses refused (IDOSELL_ALLOW_PRIVATE_ADDRESSES=false)', () => {
  let app: TestApp;
  const shops = () => app.services.ds.getRepository(ShopEntity).find({ order: { id: 'ASC' } });

  beforeAll(async () => {
    app = await startTestApp({ env: { IDOSELL_ALLOW_PRIVATE_ADDRESSES: 'false' } });
  });
  afterAll(() => app.close());

  test.each([
    () => sandbox.url,
    () => 'https://10.0.0.1',
    () => 'https://[::ffff:127.0.0.1]',
    () => 'https://169.254.169.254/api/admin/v6',
    () => 'https://192.168.1.20:8443',
    () => 'https://[fd00::5]',
    () => 'https://localhost:4100',
  ])('createShop with a loopback, private or link-local address (%#) is BAD_USER_INPUT naming the setting, and writes nothing', async (url) => {
    const before = await shops();
    const r = await app.gql(CREATE, { input: { name: `Sklep prywatny ${Math.random()}`, apiUrl: url(), apiKey: SHOP_KEY } });
    expect(problem(r).code).toBe('BAD_USER_INPUT');
    expect(problem(r).message).toMatch(/connects only to public addresses unless IDOSELL_ALLOW_PRIVATE_ADDRESSES=true/);
    expect(r.errors![0]!.extensions!.field).toBe('apiUrl');
    expect(await shops()).toEqual(before);
  });

  test('updateShop to a private address is refused too; a public one is accepted', async () => {
    const created = await app.gql(CREATE, { input: { name: 'Sklep publiczny', apiUrl: 'https://publiczny.example.com', apiKey: SHOP_KEY, saveWithoutTest: true } });
    expect(created.errors).toBeUndefined();
    const before = await shops();
    const r = await app.gql(UPDATE, { id: created.data.createShop.id, input: { apiUrl: 'https://172.16.5.5', apiKey: SHOP_KEY } });
    expect(problem(r).message).toContain('IDOSELL_ALLOW_PRIVATE_ADDRESSES');
    expect(await shops()).toEqual(before);
  });

  test('a shop already stored with a loopback address is refused at call time, and nothing reaches it', async () => {
    // As if created while allowed (or written by hand): straight into the database.
    const box = new SecretBox(app.config.secretKey!);
    const repo = app.services.ds.getRepository(ShopEntity);
    const byIp = await repo.save(repo.create({ name: 'Sklep na 127.0.0.1', apiUrl: sandbox.url, apiKeyEnc: box.seal(SHOP_KEY), idosellStockId: 1, languageId: 'pol', active: true }));
    const byName = await repo.save(repo.create({
      name: 'Sklep na localhost', apiUrl: sandbox.url.replace('127.0.0.1', 'localhost'), apiKeyEnc: box.seal(SHOP_KEY), idosellStockId: 1, languageId: 'pol', active: true,
    }));
    sandbox.resetCalls();
    for (const shop of [byIp, byName]) {
      const forms = await app.gql(`{ shopPaymentForms(shopId: "${shop.id}") }`);
      expect(forms.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
      expect(forms.errors![0]!.extensions!.idosell).toBe('CONFIG');
      expect(forms.errors![0]!.message).toMatch(/is a loopback address, and this server connects only to public addresses unless IDOSELL_ALLOW_PRIVATE_ADDRESSES=true/);
      const orders = await app.gql(`{ shopOrders(input: { shopId: "${shop.id}" }) { orderSerialNumber } }`);
      expect(orders.errors![0]!.extensions!.idosell).toBe('CONFIG');
    }
    expect(sandbox.calls).toHaveLength(0);
  });
});
