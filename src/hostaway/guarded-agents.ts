import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isListedHost, refusedAddressReason } from './url-policy.js';

/** A connection refused because of the address it would reach (code ERR_BLOCKED_ADDRESS). */
export class BlockedAddressError extends Error {
  readonly code = 'ERR_BLOCKED_ADDRESS';
}

/** Resolves a name to every address it has (node:dns `lookup` with `all: true`; injectable for tests). */
export type ResolveAll = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const resolveWithDns: ResolveAll = (hostname, options, callback) =>
  dnsLookup(hostname, { ...options, all: true }, callback);

export interface GuardedAgentOptions {
  maxSockets: number;
  /** Local address the connections are made from (HOSTAWAY_LOCAL_ADDRESS). */
  localAddress?: string | undefined;
  /** Hosts that may be at any address (HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  resolve?: ResolveAll | undefined;
}

/**
 * HTTP and HTTPS agents that check the address of every connection as it is made: an IP literal before
 * connecting, a name on the addresses DNS gives for this very connection (so a name that re-resolves to an
 * internal address between a check and the connect cannot slip through). A name with any refused address
 * is refused as a whole. Hosts the operator listed are not checked.
 */
export function createGuardedAgents(options: GuardedAgentOptions): { http: http.Agent; https: https.Agent } {
  const base = { keepAlive: true, maxSockets: options.maxSockets, localAddress: options.localAddress };
  return {
    http: guard(new http.Agent(base), options),
    https: guard(new https.Agent(base), options),
  };
}

function guard<A extends http.Agent>(agent: A, options: GuardedAgentOptions): A {
  const connect = agent.createConnection.bind(agent);
  const lookup = guardedLookup(options.resolve ?? resolveWithDns);
  agent.createConnection = (request, callback) => {
    const host = String(request.host ?? request.hostname ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
    if (isListedHost(host, Number(request.port), options.allowedHosts)) return connect(request, callback);
    if (isIP(host) === 0) return connect({ ...request, lookup } as typeof request, callback);
    const refused = refusedAddressReason(host);
    if (refused === undefined) return connect(request, callback);
    process.nextTick(() => callback?.(new BlockedAddressError(refused), undefined as never));
    return undefined;
  };
  return agent;
}

function guardedLookup(resolve: ResolveAll): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options, (error, addresses) => {
      if (error !== null) return callback(error, '', 0);
      const refused = addresses.map((a) => refusedAddressReason(a.address)).find((r) => r !== undefined);
      if (refused !== undefined)
        return callback(new BlockedAddressError(`${hostname} resolves to ${refused}`), '', 0);
      const first = addresses[0];
      if (first === undefined) return callback(new BlockedAddressError(`${hostname} has no address`), '', 0);
      if (options.all === true)
        return (callback as never as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}
