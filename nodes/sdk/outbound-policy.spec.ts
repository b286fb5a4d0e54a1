import { ConfigError } from './errors';
import { nonPublicReason, OutboundPolicy, OutboundRefusedError, parseOutboundAllowList } from './outbound-policy';

describe('parseOutboundAllowList', () => {
  it('reads hosts, addresses and ranges with optional ports or port ranges', () => {
    expect(parseOutboundAllowList('127.0.0.1:4101-4102, 10.0.0.0/8,sim.internal:8080,[::1]:8080,[fd00::/8],192.168.1.0/24:443')).toEqual([
      { cidr: '127.0.0.1/32', ports: [4101, 4102] },
      { cidr: '10.0.0.0/8', ports: undefined },
      { host: 'sim.internal', ports: [8080, 8080] },
      { cidr: '::1/128', ports: [8080, 8080] },
      { cidr: 'fd00::/8', ports: undefined },
      { cidr: '192.168.1.0/24', ports: [443, 443] },
    ]);
  });

  it('treats an unset or empty variable as an empty list', () => {
    expect(parseOutboundAllowList(undefined)).toEqual([]);
    expect(parseOutboundAllowList(' , ')).toEqual([]);
  });

  it.each([
    ['10.0.0.0/33', 'not a valid address range'],
    ['127.0.0.1:0', 'not a port range within 1-65535'],
    ['127.0.0.1:70000', 'not a port range within 1-65535'],
    ['127.0.0.1:5-4', 'not a port range within 1-65535'],
    ['127.0.0.1:http', "'http' is not a port"],
    ['::1', 'IPv6 addresses go in brackets'],
    ['[::1', 'missing ]'],
    ['[example.com]:80', 'brackets must hold an IPv6'],
    ['127.1', 'not a host name'],
    ['bad_host!', 'not a host name'],
  ])('refuses %s with a message naming the entry', (entry, reason) => {
    expect(() => parseOutboundAllowList(`10.1.2.3,${entry}`)).toThrow(`'${entry}': `);
    expect(() => parseOutboundAllowList(entry)).toThrow(reason);
    expect(() => parseOutboundAllowList(entry)).toThrow('FLOWBRIDGE_OUTBOUND_ALLOW');
  });
});

describe('nonPublicReason', () => {
  it.each([
    ['127.0.0.1', 'loopback address'],
    ['127.255.0.9', 'loopback address'],
    ['::1', 'loopback address'],
    ['10.1.2.3', 'private address'],
    ['172.16.0.1', 'private address'],
    ['192.168.10.1', 'private address'],
    ['100.64.0.1', 'private address (carrier-grade NAT)'],
    ['fc00::1', 'private address (unique local)'],
    ['fd12:3456::1', 'private address (unique local)'],
    ['169.254.1.1', 'link-local address'],
    ['fe80::1', 'link-local address'],
    ['169.254.169.254', 'cloud metadata address'],
    ['fd00:ec2::254', 'cloud metadata address'],
    ['0.0.0.0', 'unspecified address'],
    ['::', 'unspecified address'],
    ['::ffff:127.0.0.1', 'IPv4-mapped IPv6 address'],
    ['::ffff:8.8.8.8', 'IPv4-mapped IPv6 address'],
    ['::7f00:1', 'IPv4-compatible IPv6 address'], // what URL makes of [::127.0.0.1],
    ['224.0.0.1', 'multicast address'],
    ['ff02::1', 'multicast address'],
    ['255.255.255.255', 'broadcast address'],
    ['240.0.0.1', 'reserved address'],
  ])('%s is a %s', (address, reason) => {
    expect(nonPublicReason(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '172.32.0.1', '100.128.0.1'])('%s is public', (address) => {
    expect(nonPublicReason(address)).toBeNull();
  });
});

describe('OutboundPolicy', () => {
  it('refuses internal addresses with a non-retryable config error that names target and reason', () => {
    const refusal = new OutboundPolicy().refusal('127.0.0.1', 5432);
    expect(refusal).toBeInstanceOf(OutboundRefusedError);
    expect(refusal).toBeInstanceOf(ConfigError);
    expect(refusal!.retryable).toBe(false);
    expect(refusal!.message).toBe('Outbound call to 127.0.0.1:5432 refused: loopback address (allow it with FLOWBRIDGE_OUTBOUND_ALLOW)');
  });

  it('names the host the URL used next to the address it resolved to', () => {
    expect(new OutboundPolicy().refusal('10.0.0.5', 80, 'intranet.example')!.message).toContain('intranet.example (10.0.0.5:80) refused: private address');
    expect(new OutboundPolicy().refusal('fe80::1', 443)!.message).toContain('[fe80::1]:443 refused: link-local address');
  });

  it('lets public addresses through without an allow-list', () => {
    expect(new OutboundPolicy().refusal('8.8.8.8', 443)).toBeNull();
  });

  it('allows an address, a range or a host only on the ports listed', () => {
    const policy = OutboundPolicy.fromEnv('127.0.0.1:4101-4102,10.0.0.0/8,sims.local:9000,[::1]:8080');
    expect(policy.refusal('127.0.0.1', 4101)).toBeNull();
    expect(policy.refusal('127.0.0.1', 4102)).toBeNull();
    expect(policy.refusal('127.0.0.1', 4103)).not.toBeNull();
    expect(policy.refusal('127.0.0.2', 4101)).not.toBeNull();
    expect(policy.refusal('10.200.3.4', 5432)).toBeNull();
    expect(policy.refusal('192.168.0.1', 80)).not.toBeNull();
    expect(policy.refusal('192.168.0.1', 9000, 'sims.local')).toBeNull();
    expect(policy.refusal('192.168.0.1', 9001, 'sims.local')).not.toBeNull();
    expect(policy.refusal('192.168.0.1', 9000, 'other.local')).not.toBeNull();
    expect(policy.refusal('::1', 8080)).toBeNull();
    expect(policy.refusal('::1', 8081)).not.toBeNull();
  });

  it('applies an IPv4 allowance to the IPv4-mapped spelling of the same address, and to nothing else', () => {
    const policy = OutboundPolicy.fromEnv('127.0.0.1:4101');
    expect(policy.refusal('::ffff:127.0.0.1', 4101)).toBeNull();
    expect(policy.refusal('::ffff:127.0.0.2', 4101)).not.toBeNull();
    expect(policy.refusal('169.254.169.254', 4101)).not.toBeNull();
  });
});
