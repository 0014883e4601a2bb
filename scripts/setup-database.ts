/**
 * Creates GradPhoto's collections and indexes in a CloudBase environment and makes every collection
 * and the storage server-only (scripts/databasePlan.ts says what and why). Safe to run again: what
 * exists is kept, what is missing is added.
 *
 *   npm run db:setup -- --dry-run   print and check the plan, touch nothing (no credentials needed)
 *   npm run db:setup                apply it to TCB_ENV_ID with TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY
 */
import { cloudbaseTarget } from '../cloudfunctions/adapters/cloudbase/sdk';
import { checkPlan, databasePlan, reasonsOf, SERVER_ONLY } from './databasePlan';

function printPlan(): void {
  for (const { collection, indexes } of databasePlan()) {
    console.log(`${collection}  (${SERVER_ONLY})`);
    for (const index of indexes) console.log(`  ${index.name}${index.unique ? '  UNIQUE' : ''}`);
    for (const reason of reasonsOf(collection)) console.log(`    · ${reason}`);
  }
  console.log(`storage  (${SERVER_ONLY}: files are served only through short-lived getTempFileURL links)`);
}

async function apply(): Promise<void> {
  const found = cloudbaseTarget(process.env);
  if (!found.ok || !found.target.envId) throw new Error(`无法连接 CloudBase：${found.ok ? '缺少 TCB_ENV_ID' : found.reason}`);
  const { envId, secretId, secretKey, sessionToken } = found.target;
  const { default: CloudBaseManager } = await import('@cloudbase/manager-node');
  const manager = new CloudBaseManager({ envId, secretId, secretKey, token: sessionToken });
  for (const { collection, indexes } of databasePlan()) {
    const created = await manager.database.createCollectionIfNotExists(collection);
    const existing = new Set(((await manager.database.describeCollection(collection)).Indexes ?? []).map((i) => i.Name));
    const missing = indexes.filter((index) => !existing.has(index.name));
    if (missing.length) {
      await manager.database.updateCollection(collection, {
        CreateIndexes: missing.map((index) => ({
          IndexName: index.name,
          MgoKeySchema: { MgoIsUnique: index.unique, MgoIndexKeys: index.fields.map(([Name, d]) => ({ Name, Direction: String(d) })) },
        })),
      });
    }
    await manager.permission.modifyResourcePermission({ resourceType: 'collection', resource: collection, permission: SERVER_ONLY });
    console.log(`${collection}: ${created.IsCreated ? 'created' : 'exists'}, ${missing.length} index(es) added, ${SERVER_ONLY}`);
  }
  await manager.permission.modifyResourcePermission({ resourceType: 'storage', permission: SERVER_ONLY });
  console.log(`storage: ${SERVER_ONLY}`);
}

async function main(): Promise<void> {
  const problems = checkPlan();
  if (problems.length) throw new Error(`the database plan does not match the contracts:\n${problems.join('\n')}`);
  if (process.argv.includes('--dry-run')) {
    printPlan();
    console.log('\ndry run: nothing changed.');
    return;
  }
  await apply();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
