import { loadConfig } from './app-config';

describe('loadConfig: outbound allow-list', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('fails start-up on an invalid FLOWBRIDGE_OUTBOUND_ALLOW entry, naming it', () => {
    process.env.FLOWBRIDGE_OUTBOUND_ALLOW = '127.0.0.1:4101-4102,10.0.0.0/40';
    expect(() => loadConfig({ databaseUrl: 'postgres://x' }, [])).toThrow(/FLOWBRIDGE_OUTBOUND_ALLOW has invalid entries.*'10\.0\.0\.0\/40': not a valid address range/);
  });

  it('reads the allow-list and, for the demo, adds the simulator ports on loopback only', () => {
    process.env.FLOWBRIDGE_OUTBOUND_ALLOW = '127.0.0.1:4101-4102,[::1]:8080';
    delete process.env.FLOWBRIDGE_DEMO;
    expect(loadConfig({ databaseUrl: 'postgres://x' }, []).outbound.allow).toEqual([
      { cidr: '127.0.0.1/32', ports: [4101, 4102] },
      { cidr: '::1/128', ports: [8080, 8080] },
    ]);
    delete process.env.FLOWBRIDGE_OUTBOUND_ALLOW;
    process.env.FLOWBRIDGE_DEMO = '1';
    expect(loadConfig({ databaseUrl: 'postgres://x' }, []).outbound.allow).toEqual([
      { cidr: '127.0.0.1/32', ports: [4101, 4101] },
      { cidr: '127.0.0.1/32', ports: [4102, 4102] },
      { cidr: '127.0.0.1/32', ports: [4104, 4104] },
    ]);
  });
});
