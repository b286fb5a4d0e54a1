import { loadConfig } from './config/app-config';
import { runMigrations } from './database/run-migrations';
import { createFlowbridgeApp } from './bootstrap';
import { resolveSecretKey } from './config/secret-key';
import { bootstrapUsers } from './modules/users/bootstrap-users';
import { UsersService } from './modules/users/users.service';
import { startDemoWorkspace } from './demo/demo-workspace';

async function main(): Promise<void> {
  const config = loadConfig();
  config.secretKey = resolveSecretKey(config.secretKey, config.dataDir);
  await runMigrations(config.databaseUrl);
  const { app, worker } = await createFlowbridgeApp(config);
  const newUsers = config.role === 'worker' ? [] : await bootstrapUsers(app.get(UsersService), config);
  // The demo's simulators live in the process that serves the API; a worker-only process has none.
  const demo = config.demo && config.role !== 'worker' ? await startDemoWorkspace(app) : undefined;
  if (config.role !== 'api') await worker.start();
  if (config.role !== 'worker') {
    await app.listen(config.port, '0.0.0.0');
    console.log(`Flowbridge ${config.role === 'all' ? 'API + editor + workers' : 'API'} on http://localhost:${config.port}`);
    // Shown once, when the demo users are created; they are not stored anywhere in clear text.
    if (newUsers.length) console.log(`Demo users (passwords shown only now):\n${newUsers.join('\n')}`);
    for (const line of demo?.lines ?? []) console.log(line);
  } else {
    console.log(`Flowbridge worker started (concurrency ${config.worker.concurrency})`);
  }
  const stop = async () => {
    await app.close();
    await demo?.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
