import ipaddr from 'ipaddr.js';
import { ConfigError } from './errors';

/** One `FLOWBRIDGE_OUTBOUND_ALLOW` entry: a host name or an address range, on some or all ports. */
export type OutboundAllowEntry =
  | { host: string; ports?: [number, number] }
  | { cidr: string; ports?: [number, number] };

export const OUTBOUND_ALLOW_ENV = 'FLOWBRIDGE_OUTBOUND_ALLOW';

/** A flow's outbound call reached an address the policy forbids; retrying cannot change that. */
export class OutboundRefusedError extends ConfigError {
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`Outbound call to ${target} refused: ${reason} (allow it with ${OUTBOUND_ALLOW_ENV})`, { details: { target, reason } });
  }
}

/**
 * Parses the admin allow-list: comma-separated `host[:ports]` or `cidr[:ports]`, ports being a
 * number or a range `a-b`; IPv6 addresses and ranges in brackets (`[::1]:8080`, `[fd00::/8]`).
 * Throws one message naming every bad entry, so start-up fails before any flow runs.
 */
export function parseOutboundAllowList(raw: string | undefined): OutboundAllowEntry[] {
  const entries: OutboundAllowEntry[] = [];
  const problems: string[] = [];
  for (const text of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      entries.push(parseEntry(text));
    } catch (error) {
      problems.push(`'${text}': ${(error as Error).message}`);
    }
  }
  if (problems.length) {
    throw new Error(`${OUTBOUND_ALLOW_ENV} has invalid entries (expected host[:port|:from-to] or cidr[:ports], IPv6 in brackets): ${problems.join('; ')}`);
  }
  return entries;
}

function parseEntry(text: string): OutboundAllowEntry {
  let target: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw new Error('missing ]');
    target = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) throw new Error(`unexpected '${rest}' after ]`);
    portText = rest === '' ? undefined : rest.slice(1);
    if (!ipaddr.IPv6.isValid(target.split('/')[0])) throw new Error('brackets must hold an IPv6 address or range');
  } else {
    const parts = text.split(':');
    if (parts.length > 2) throw new Error('IPv6 addresses go in brackets, e.g. [::1]:8080');
    [target, portText] = parts;
  }
  const ports = portText === undefined ? undefined : parsePorts(portText);
  if (target.includes('/')) {
    if (!ipaddr.isValidCIDR(target)) throw new Error('not a valid address range');
    const [address, bits] = ipaddr.parseCIDR(target);
    return { cidr: `${address.toString()}/${bits}`, ports };
  }
  if (ipaddr.isValid(target) && (target.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(target))) {
    const address = ipaddr.parse(target);
    return { cidr: `${address.toString()}/${address.kind() === 'ipv4' ? 32 : 128}`, ports };
  }
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(target) || /^[\d.]+$/.test(target)) {
    throw new Error('not a host name, address or range');
  }
  return { host: target.toLowerCase(), ports };
}

function parsePorts(text: string): [number, number] {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!match) throw new Error(`'${text}' is not a port or a port range`);
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from < 1 || to > 65535 || from > to) throw new Error(`'${text}' is not a port range within 1-65535`);
  return [from, to];
}

/** The reason an address is not on the public internet, or null when it is ordinary unicast. */
export function nonPublicReason(address: string): string | null {
  const parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    const zeroPrefix = v6.parts.slice(0, 5).every((p) => p === 0);
    if (isIPv4Mapped(v6)) return 'IPv4-mapped IPv6 address';
    // ::a.b.c.d (IPv4-compatible, deprecated) still reaches IPv4 hosts on some stacks.
    if (zeroPrefix && v6.parts[5] === 0 && v6.range() !== 'loopback' && v6.range() !== 'unspecified') {
      return 'IPv4-compatible IPv6 address';
    }
    if (v6.match(ipaddr.IPv6.parse('fd00:ec2::254'), 128)) return 'cloud metadata address';
  } else if ((parsed as ipaddr.IPv4).match(ipaddr.IPv4.parse('169.254.169.254'), 32)) {
    return 'cloud metadata address';
  }
  const range = parsed.range();
  return range === 'unicast' ? null : (REASONS[range] ?? `reserved address (${range})`);
}

const REASONS: Record<string, string> = {
  loopback: 'loopback address',
  private: 'private address',
  carrierGradeNat: 'private address (carrier-grade NAT)',
  uniqueLocal: 'private address (unique local)',
  linkLocal: 'link-local address',
  unspecified: 'unspecified address',
  multicast: 'multicast address',
  broadcast: 'broadcast address',
  reserved: 'reserved address',
};

/**
 * Decides whether a flow may open a connection. Checked against the address actually connected
 * to (after DNS), so a name that resolves, or later re-resolves, to an internal address is refused.
 */
export class OutboundPolicy {
  private readonly hosts: { host: string; ports?: [number, number] }[] = [];
  private readonly ranges: { range: [ipaddr.IPv4 | ipaddr.IPv6, number]; ports?: [number, number] }[] = [];

  constructor(readonly allow: readonly OutboundAllowEntry[] = []) {
    for (const entry of allow) {
      if ('host' in entry) this.hosts.push({ host: entry.host.toLowerCase(), ports: entry.ports });
      else this.ranges.push({ range: ipaddr.parseCIDR(entry.cidr), ports: entry.ports });
    }
  }

  static fromEnv(raw: string | undefined): OutboundPolicy {
    return new OutboundPolicy(parseOutboundAllowList(raw));
  }

  /**
   * Null when `address:port` may be connected to. `hostname` is the name the URL used; an
   * allow-list entry naming it permits whatever address it resolves to.
   */
  refusal(address: string, port: number, hostname?: string): OutboundRefusedError | null {
    const bare = address.replace(/^\[|\]$/g, '');
    const reason = nonPublicReason(bare);
    if (reason === null) return null;
    const name = hostname?.replace(/^\[|\]$/g, '').toLowerCase();
    if (name && this.hosts.some((e) => e.host === name && inPorts(port, e.ports))) return null;
    const parsed = ipaddr.parse(bare);
    const candidates = [parsed];
    if (parsed.kind() === 'ipv6' && isIPv4Mapped(parsed as ipaddr.IPv6)) candidates.push((parsed as ipaddr.IPv6).toIPv4Address());
    const allowed = this.ranges.some((e) => inPorts(port, e.ports) && candidates.some((c) => c.kind() === e.range[0].kind() && c.match(e.range)));
    if (allowed) return null;
    const shown = parsed.kind() === 'ipv6' ? `[${parsed.toString()}]:${port}` : `${parsed.toString()}:${port}`;
    const via = name && name !== bare && !ipaddr.isValid(name) ? `${name} (${shown})` : shown;
    return new OutboundRefusedError(via, reason);
  }
}

/** ::ffff:a.b.c.d only; ipaddr.js also counts the IPv4-compatible ::a.b.c.d as mapped. */
function isIPv4Mapped(address: ipaddr.IPv6): boolean {
  return address.parts.slice(0, 5).every((p) => p === 0) && address.parts[5] === 0xffff;
}

function inPorts(port: number, ports?: [number, number]): boolean {
  return ports === undefined || (port >= ports[0] && port <= ports[1]);
}
