import ipaddr from 'ipaddr.js';

/**
 * Which addresses a URL found in a payload may reach. Only public unicast addresses: never private,
 * loopback, link-local, unique-local, carrier-grade NAT, multicast, unspecified, reserved or documentation
 * ranges, nor IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4, Teredo). Returns why an address is
 * refused, or undefined when it may be reached.
 */
export function refusedAddressReason(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  return `${address} is a ${range.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} address`;
}

/**
 * Whether a host is one the operator listed (HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS): an entry `host` matches that
 * host on any port, `host:port` (IPv6 as `[::1]:8080`) that port only. Case-insensitive.
 */
export function isListedHost(hostname: string, port: number, hosts: readonly string[]): boolean {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const name = bare.includes(':') ? `[${bare}]` : bare;
  return hosts.some((entry) => {
    const wanted = entry.toLowerCase();
    return wanted === name || wanted === `${name}:${port}`;
  });
}

/** The port a URL reaches (its default when none is written). */
export function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

/**
 * Why a URL found in a payload is not fetched, or undefined when it may be: https only, plain http only to a
 * listed host. (The address it reaches is checked when connecting, see guarded-agents.ts.)
 */
export function refusedUrlReason(url: URL, allowedHosts: readonly string[]): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return `${url.protocol} URLs are not fetched`;
  if (isListedHost(url.hostname, portOf(url), allowedHosts)) return undefined;
  return `plain http to ${url.host} (only https, or http to a host in HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS)`;
}
