/**
 * The run engine's registry: each kind has one operation, registered by its service, and a run can
 * be started again from its stored kind and params alone (what a scheduler or a resume needs).
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { SYNC_KINDS } from '../../src/sync-runs/sync-run.entities.js';
import { IsofProduct } from '../../src/isof/entities.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { SANDBOX: 'on' } });
});
afterAll(() => app.close());

test('every kind of run has its operation registered', () => {
  for (const kind of SYNC_KINDS) expect(app.services.engine.operation(kind)?.kind).toBe(kind);
});

test('a kind cannot be registered twice', () => {
  expect(() => app.services.engine.register({ kind: 'SYNC_STOCK', prepare: async () => null, process: async () => undefined }))
    .toThrow('Run kind SYNC_STOCK is registered twice');
});

test('a run starts again from its stored kind and params alone', async () => {
  const first = await app.gql(`mutation { exportProducts(input: { shopId: "1", productIds: ["1", "2"], wait: true }) { id status total } }`);
  expect(first.data.exportProducts).toMatchObject({ status: 'SUCCEEDED', total: 2 });
  const stored = (await app.services.runs.get(Number(first.data.exportProducts.id)))!;
  for (const id of [1, 2]) await app.services.ds.getRepository(IsofProduct).update({ id }, { name: `Nowa nazwa ${id}` });
  app.sandbox!.resetCalls();

  const again = await app.services.engine.operation(stored.kind)!.start({
    shopId: stored.shopId, caller: { name: 'scheduler', role: 'operator' }, params: JSON.parse(stored.params!), dryRun: stored.dryRun, wait: true,
  });
  expect(again).toMatchObject({ kind: 'EXPORT_PRODUCTS', status: 'SUCCEEDED', total: 2, succeeded: 2, triggeredBy: 'scheduler' });
  expect(again.params).toBe(stored.params);
  expect(app.sandbox!.calls.filter((c) => c.path === '/products/products')).toHaveLength(1);
});
