import { loadConfig } from './config/app-config';
import { runMigrations } from './database/run-migrations';
import { createFlowbridgeApp } from './bootstrap';
import { resolveSecretKey } from './config/secret-key';
import { bootstrapUsers, keepDemoPasswords } from './modules/users/bootstrap-users';
import { UsersService } from './modules/users/users.service';
import { assertPortsFree } from './demo/check-ports';
import { DEMO_PORTS } from './demo/demo-ports';
import { HealthChecks } from './observability/health-checks';
import { Metrics } from './observability/metrics';
import { startWorkerHealthServer } from './observability/worker-health-server';
import { whileDatabaseAway } from './database/while-database-away';

/** The demo's simulators (an SMTP server, a mail parser, …) load only in a process that runs the demo. */
function demoWorkspace(): typeof import('./demo/demo-workspace') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./demo/demo-workspace');
}

async function main(): Promise<void> {
  const config = loadConfig();
  config.secretKey = resolveSecretKey(config.secretKey, config.dataDir);
  if (config.role !== 'worker') {
    await assertPortsFree([
      { port: config.port, what: 'Flowbridge API and editor', variable: 'PORT' },
      ...(config.demo ? [
        { port: DEMO_PORTS.kommo, what: 'demo Kommo simulator', variable: 'FLOWBRIDGE_DEMO_KOMMO_PORT' },
        { port: DEMO_PORTS.easycount, what: 'demo EasyCount simulator', variable: 'FLOWBRIDGE_DEMO_EASYCOUNT_PORT' },
        { port: DEMO_PORTS.smtp, what: 'demo SMTP server (outbox)', variable: 'FLOWBRIDGE_DEMO_SMTP_PORT' },
        { port: DEMO_PORTS.telegram, what: 'demo Telegram simulator', variable: 'FLOWBRIDGE_DEMO_TELEGRAM_PORT' },
      ] : []),
    ]);
  }
  const { databaseWaitMs } = config;
  await whileDatabaseAway('migrations', databaseWaitMs, () => runMigrations(config.databaseUrl));
  const { app, worker } = await whileDatabaseAway('start-up', databaseWaitMs, () => createFlowbridgeApp(config));
  const newUsers = config.role === 'worker' ? [] : await whileDatabaseAway('users', databaseWaitMs, () => bootstrapUsers(app.get(UsersService), config));
  const passwordsFile = newUsers.length ? keepDemoPasswords(config.dataDir, newUsers) : undefined;
  if (passwordsFile) process.once('exit', (code) => code !== 0 && console.error(`The demo users' passwords are kept in ${passwordsFile}`));
  // The demo's simulators live in the process that serves the API; a worker-only process has none.
  const demo = config.demo && config.role !== 'worker' ? await demoWorkspace().startDemoWorkspace(app) : undefined;
  if (config.role !== 'api') {
    await whileDatabaseAway('queue worker', databaseWaitMs, () => worker.start().catch(async (error: unknown) => {
      await worker.stop().catch(() => undefined);
      throw error;
    }));
  }
  if (config.role !== 'worker') {
    await app.listen(config.port, '0.0.0.0');
    console.log(`Flowbridge ${config.role === 'all' ? 'API + editor + workers' : 'API'} on http://localhost:${config.port}`);
    // Shown once; the file keeps them, so a lost terminal loses nothing.
    if (passwordsFile) console.log(`Demo users (passwords shown only now, and kept in ${passwordsFile}):\n${newUsers.join('\n')}`);
    for (const line of demo?.lines ?? []) console.log(line);
  } else {
    console.log(`Flowbridge worker started (concurrency ${config.worker.concurrency})`);
  }
  const healthServer = config.role === 'worker' && config.workerHealthPort > 0
    ? await startWorkerHealthServer(config.workerHealthPort, app.get(HealthChecks), app.get(Metrics), config.metricsToken)
    : undefined;
  if (healthServer) console.log(`Worker health and metrics on http://localhost:${config.workerHealthPort}`);
  const stop = async () => {
    healthServer?.close();
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
