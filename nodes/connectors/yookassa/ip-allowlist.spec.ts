import { ConfigError } from '../../sdk';
import { createAllowList } from './ip-allowlist';

describe('YooKassa sender allow-list', () => {
  const list = createAllowList();

  it.each(['185.71.76.0', '185.71.76.31', '185.71.77.5', '77.75.153.127', '77.75.156.11', '77.75.156.35', '77.75.154.255', '2a02:5180::1', '[2a02:5180::1]'])(
    'allows %s',
    (ip) => expect(list.allows(ip)).toBe(true),
  );

  it.each(['185.71.76.32', '77.75.153.128', '77.75.156.12', '77.75.154.127', '2a02:5181::', '127.0.0.1', 'not-an-ip', ''])('refuses %s', (ip) =>
    expect(list.allows(ip)).toBe(false),
  );

  it('adds IPv4 and IPv6 networks, bare addresses included', () => {
    const extended = createAllowList(['127.0.0.1/32', '::1', '192.168.0.0/16']);

    expect(extended.allows('::ffff:127.0.0.1')).toBe(true);
    expect(extended.allows('::1')).toBe(true);
    expect(extended.allows('192.168.44.3')).toBe(true);
    expect(extended.allows('127.0.0.2')).toBe(false);
  });

  it.each(['127.0.0.1/33', 'localhost', '10.0.0.0/x', '::1/129'])('rejects the malformed network %s', (cidr) =>
    expect(() => createAllowList([cidr])).toThrow(ConfigError),
  );
});
