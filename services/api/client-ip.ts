import type { IncomingMessage } from 'node:http';
import { contains, parseAddress, parseNetwork, type Network } from '../kernel/ip.ts';

/** Whether an address is one of the trusted proxies (addresses or CIDR ranges). */
export function proxyTrust(trusted: string[]): (ip: string | null | undefined) => boolean {
  const networks = trusted.map(parseNetwork).filter((n): n is Network => n !== null);
  return (ip) => {
    const address = parseAddress(ip);
    return address !== null && networks.some((n) => contains(n, address));
  };
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy, in which case X-Forwarded-For is
 * read from the right, skipping trusted proxies, and the first untrusted address is the client.
 */
export function clientIpResolver(trusted: string[]): (req: IncomingMessage) => string | null {
  const isTrusted = proxyTrust(trusted);
  return (req) => {
    const peer = parseAddress(req.socket.remoteAddress)?.toString() ?? null;
    if (!isTrusted(peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = parseAddress(hops[i])?.toString() ?? null;
      if (hop === null) return peer;
      if (!isTrusted(hop)) return hop;
    }
    return hops.length ? (parseAddress(hops[0])?.toString() ?? peer) : peer;
  };
}
