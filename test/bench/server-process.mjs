// The built server (dist/) as its own process, started like server/src/main.ts (role "all": API and
// worker) but bound to 127.0.0.1 on a free port, which it reports over IPC. The bench uses it for
// resident memory and CPU without jest or the bench's instrumentation in the same process.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/server/src');
const { loadConfig } = require(path.join(dist, 'config/app-config.js'));
const { createFlowbridgeApp } = require(path.join(dist, 'bootstrap.js'));

let secretKey;
try { ({ resolveSecretKey: secretKey } = require(path.join(dist, 'config/secret-key.js'))); } catch { /* older builds have no key */ }

const config = loadConfig({}, []);
if (secretKey) config.secretKey = secretKey(config.secretKey, config.dataDir);
const { app, worker } = await createFlowbridgeApp(config);
await worker.start();
await app.listen(0, '127.0.0.1');
process.send({ port: app.getHttpServer().address().port });
process.on('disconnect', async () => {
  await app.close();
  process.exit(0);
});
