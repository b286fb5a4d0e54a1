/**
 * Browser tests against the real product: the built server (dist/, web/dist) in its own process with
 * the demo workspace on a fresh database, driven by Debian's Chromium through playwright-core.
 *
 * One harness per spec file (its own server, database, simulators and browser), so spec files can run
 * in parallel. `npm test` builds first; run by hand with `node scripts/build.mjs` before jest.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { freePort } from '../../support/free-port';

export const ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(ROOT, 'dist/server/src/main.js');
// FLOWBRIDGE_WEB_DIR (as the server reads it) points both at another build of the editor.
const WEB_DIR = process.env.FLOWBRIDGE_WEB_DIR ?? path.join(ROOT, 'web/dist');
const WEB_INDEX = path.join(WEB_DIR, 'index.html');
export const SCREENSHOTS = path.join(ROOT, 'test/artifacts/screenshots');
export const CHROMIUM = process.env.FLOWBRIDGE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** The EasyCount simulator's first document number (nodes/connectors/easycount/simulator.ts). */
const FIRST_EASYCOUNT_NUMBER = 3001;

export const DEMO_PASSWORD = 'demo-browser-Pa55word!';
export type DemoRole = 'admin' | 'analyst' | 'manager';
export const demoEmail = (role: DemoRole) => `${role}@flowbridge.local`;

/** The demo workspace's well-known values (server/src/demo/demo-workspace.ts). */
export const DEMO = {
  kommoToken: 'demo-kommo-token',
  easycountKey: 'demo-easycount-key',
  leadId: 1001,
  pipelineId: 7001,
  stages: { incoming: 70010000, toInvoice: 70010001, invoiceSent: 70010002, paid: 70010003 },
  fields: { paymentLink: 900003, invoiceNumber: 900004 },
  connections: { kommo: 'Kommo (demo simulator)', easycount: 'EasyCount (demo simulator)', stripe: 'Stripe (demo)', email: 'E-mail (demo outbox)', telegram: 'Telegram (demo simulator)' },
  flowName: 'Invoice a deal and follow its payment',
  hookPath: 'kommo/demo',
} as const;

export interface ApiClient {
  get<T = any>(url: string): Promise<T>;
  post<T = any>(url: string, body?: unknown): Promise<T>;
  put<T = any>(url: string, body?: unknown): Promise<T>;
  delete(url: string): Promise<void>;
}

export interface BrowserHarness {
  baseUrl: string;
  kommoUrl: string;
  easycountUrl: string;
  browser: Browser;
  db: TestDatabase;
  /** Everything the server printed, for failure messages. */
  serverOutput(): string;
  /** A page in a context of its own (own cookies), with console errors collected. */
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  /** REST calls as a demo user (session login, then an API token), for set-up and checks. */
  api(role: DemoRole): Promise<ApiClient>;
  /** Fires a Kommo "lead status changed" webhook (form-encoded, as Kommo sends it). */
  kommoStatusWebhook(hookPath: string, change?: { leadId?: number; statusId?: number; oldStatusId?: number; pipelineId?: number }): Promise<{ status: number; body: any }>;
  /** The lead as the Kommo simulator holds it (API v4 wire shape). */
  kommoLead(id?: number): Promise<any>;
  /** How many documents the EasyCount simulator has issued, leaving out the ones this count made. */
  easycountDocuments(): Promise<number>;
  close(): Promise<void>;
}


function assertPrerequisites(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the browser tests need Debian's chromium package (apt-get install -y chromium; .ci/run installs it). ` +
        'They are never skipped.',
    );
  }
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`node scripts/build.mjs\` (npm test builds first)`);
  if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: the editor is not built (node scripts/build.mjs builds web/ too)`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${output().slice(-4000)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(150);
  }
  throw new Error(`The server was not healthy within ${timeoutMs} ms (last: ${last}):\n${output().slice(-4000)}`);
}

async function stopChild(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

export async function startBrowserHarness(): Promise<BrowserHarness> {
  assertPrerequisites();
  // A free port is free only until someone takes it: on a busy machine another process's outgoing
  // connection can land on it before the server binds. Such a start is tried again on fresh ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      if (attempt >= 3 || !/EADDRINUSE/.test((error as Error).message)) throw error;
    }
  }
}

async function startOnce(): Promise<BrowserHarness> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'flowbridge-browser-'));
  const [port, kommoPort, easycountPort, smtpPort, telegramPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${port}`;
  const chunks: string[] = [];
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  const contexts = new Set<BrowserContext>();

  const cleanup = async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    if (child) await stopChild(child).catch(() => undefined);
    await db.drop().catch((error) => console.error('dropping the browser test database:', (error as Error).message));
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    child = spawn(process.execPath, ['--no-node-snapshot', MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        // jest's --experimental-vm-modules is for jest only; the server is plain Node.
        NODE_OPTIONS: '',
        DATABASE_URL: db.url,
        PORT: String(port),
        FLOWBRIDGE_ROLE: 'all',
        FLOWBRIDGE_CHECK_RESPONSES: '1',
        FLOWBRIDGE_DEMO: '1',
        FLOWBRIDGE_DEMO_PASSWORD: DEMO_PASSWORD,
        FLOWBRIDGE_DEMO_KOMMO_PORT: String(kommoPort),
        FLOWBRIDGE_DEMO_EASYCOUNT_PORT: String(easycountPort),
        FLOWBRIDGE_DEMO_SMTP_PORT: String(smtpPort),
        FLOWBRIDGE_DEMO_TELEGRAM_PORT: String(telegramPort),
        FLOWBRIDGE_DATA_DIR: dataDir,
        FLOWBRIDGE_SECRET_KEY: randomBytes(32).toString('hex'),
        FLOWBRIDGE_WEB_DIR: WEB_DIR,
        FLOWBRIDGE_WORKER_POLL_MS: '200',
        FLOWBRIDGE_LOG_LEVEL: process.env.FLOWBRIDGE_LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => chunks.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => chunks.push(d.toString()));
    const serverOutput = () => chunks.join('');
    await waitForHealth(baseUrl, child, serverOutput);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const kommoUrl = `http://127.0.0.1:${kommoPort}`;
    const easycountUrl = `http://127.0.0.1:${easycountPort}`;
    let probes = 0;
    const launched = browser;

    const harness: BrowserHarness = {
      baseUrl,
      kommoUrl,
      easycountUrl,
      browser: launched,
      db,
      serverOutput,
      async newPage(options = {}) {
        const context = await launched.newContext({
          baseURL: baseUrl,
          viewport: options.viewport ?? { width: 1440, height: 900 },
          acceptDownloads: true,
          locale: 'en-US',
        });
        contexts.add(context);
        context.on('close', () => contexts.delete(context));
        context.setDefaultTimeout(15_000);
        const page = await context.newPage();
        trackErrors(page);
        return page;
      },
      api: (role) => apiClient(baseUrl, role),
      async kommoStatusWebhook(hookPath, change = {}) {
        const form = new URLSearchParams({
          'leads[status][0][id]': String(change.leadId ?? DEMO.leadId),
          'leads[status][0][status_id]': String(change.statusId ?? DEMO.stages.toInvoice),
          'leads[status][0][pipeline_id]': String(change.pipelineId ?? DEMO.pipelineId),
          'leads[status][0][old_status_id]': String(change.oldStatusId ?? DEMO.stages.incoming),
          // Unique per delivery: the trigger's dedupe key includes it.
          'leads[status][0][last_modified]': String(Math.floor(Date.now() / 1000) + Math.floor(Math.random() * 1_000_000)),
          'account[id]': '30000001',
        });
        const res = await fetch(`${baseUrl}/hooks/${hookPath.replace(/^\/+/, '')}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        });
        const text = await res.text();
        let body: any = text;
        try { body = JSON.parse(text); } catch { /* not JSON */ }
        return { status: res.status, body };
      },
      async kommoLead(id = DEMO.leadId) {
        const res = await fetch(`${kommoUrl}/api/v4/leads/${id}`, { headers: { authorization: `Bearer ${DEMO.kommoToken}` } });
        if (!res.ok) throw new Error(`Kommo simulator answered ${res.status} for lead ${id}: ${await res.text()}`);
        return await res.json();
      },
      easycountDocuments: async () => {
        // EZcount's API lists no documents, but numbers them consecutively (the simulator from 3001):
        // the number of a probe document tells how many came before it.
        const res = await fetch(`${easycountUrl}/api/createDoc`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ api_key: DEMO.easycountKey, developer_email: 'browser-tests@flowbridge.local', type: 305, customer_name: 'Document count probe', item: [{ details: 'probe', amount: 1, price: 1, vat_type: 'INC' }] }),
        });
        const body = (await res.json()) as { success?: boolean; doc_number?: string; errMsg?: string };
        if (!body.success || !body.doc_number) throw new Error(`EasyCount simulator refused the probe document: ${res.status} ${body.errMsg ?? JSON.stringify(body)}`);
        return Number(body.doc_number) - FIRST_EASYCOUNT_NUMBER - probes++;
      },
      close: cleanup,
    };
    return harness;
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function apiClient(baseUrl: string, role: DemoRole): Promise<ApiClient> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demoEmail(role), password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`API login as ${role} failed: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const tokenRes = await fetch(`${baseUrl}/api/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'browser tests' }),
  });
  if (!tokenRes.ok) throw new Error(`Creating an API token as ${role} failed: ${tokenRes.status} ${await tokenRes.text()}`);
  const { token } = (await tokenRes.json()) as { token: string };
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} as ${role}: ${res.status} ${text.slice(0, 2000)}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body ?? {}),
    put: (url, body) => call('PUT', url, body ?? {}),
    delete: async (url) => { await call('DELETE', url); },
  };
}

const pageErrors = new WeakMap<Page, string[]>();

function trackErrors(page: Page): void {
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
}

/** Uncaught exceptions and console errors the page has reported so far. */
export function browserErrors(page: Page): string[] {
  return pageErrors.get(page) ?? [];
}

/** Signs in through the login form as a demo user and waits for the app shell. */
export async function login(page: Page, role: DemoRole): Promise<void> {
  await page.goto('/');
  await page.getByTestId('login-email').fill(demoEmail(role));
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-flows').waitFor({ state: 'visible', timeout: 20_000 });
}

/** A full-page PNG in test/artifacts/screenshots/<name>.png (gitignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  // Animations are finished first: a dialog caught mid fade-in looks see-through.
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/**
 * Runs one step of a scenario; when it fails, saves a screenshot named after it and adds the page's
 * errors and the server's last output to the message, so a red test explains itself.
 */
export async function step<T>(page: Page, name: string, work: () => Promise<T>, harness?: BrowserHarness): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const shot = await screenshot(page, `FAILED-${name}`).catch(() => 'no screenshot');
    const errors = browserErrors(page).slice(-10).join('\n') || 'none';
    const server = harness ? harness.serverOutput().slice(-2500) : '';
    const err = error instanceof Error ? error : new Error(String(error));
    err.message = `Step "${name}" failed: ${err.message}\nScreenshot: ${shot}\nBrowser errors:\n${errors}${server ? `\nServer output (tail):\n${server}` : ''}`;
    throw err;
  }
}

/** Polls `probe` until `done` accepts its value; fails with the description and the last value seen. */
export async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError && last === undefined ? `error ${(lastError as Error).message}` : JSON.stringify(last)?.slice(0, 1500);
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen}`);
    }
    await sleep(100);
  }
}

/**
 * One harness for a spec file: started before its tests, closed after them. The object answers
 * for the harness once it is up, so tests use it as they would the harness itself.
 */
export function sharedBrowserHarness(testTimeoutMs = 120_000): BrowserHarness {
  jest.setTimeout(testTimeoutMs);
  let current: BrowserHarness | undefined;
  beforeAll(async () => {
    current = await startBrowserHarness();
  }, 120_000);
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as BrowserHarness, {
    get(_target, key) {
      if (!current) throw new Error('The browser harness has not started yet');
      const value = Reflect.get(current, key);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

