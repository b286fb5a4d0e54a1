import { BlockList, isIP } from 'node:net';
import { ConfigError } from '../../sdk';

/** Senders of YooKassa HTTP notifications, as listed by its SDKs' SecurityHelper. */
export const YOOKASSA_NOTIFICATION_NETWORKS = [
  '185.71.76.0/27',
  '185.71.77.0/27',
  '77.75.153.0/25',
  '77.75.156.11/32',
  '77.75.156.35/32',
  '77.75.154.128/25',
  '2a02:5180::/32',
] as const;

export interface AllowList {
  allows(ip: string): boolean;
}

export function createAllowList(extraNetworks: readonly string[] = []): AllowList {
  const list = new BlockList();
  for (const cidr of YOOKASSA_NOTIFICATION_NETWORKS) addNetwork(list, cidr);
  for (const cidr of extraNetworks) addNetwork(list, cidr);
  return {
    allows(ip) {
      const address = normalise(ip);
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

function addNetwork(list: BlockList, cidr: string): void {
  const [address, prefixText] = cidr.split('/');
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new ConfigError(`'${cidr}' is not an IPv4 or IPv6 network (e.g. 127.0.0.1/32)`);
  }
  list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
}

// Dual-stack servers report IPv4 peers as ::ffff:a.b.c.d; link-local peers may carry a %zone.
function normalise(ip: string): string {
  const bare = ip.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return mapped ? mapped[1] : bare;
}
