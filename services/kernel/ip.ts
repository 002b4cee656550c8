import ipaddr from 'ipaddr.js';

export type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Parses an address, folding IPv4-mapped IPv6 (::ffff:1.2.3.4) to IPv4; null when it is not an address. */
export function parseAddress(value: string | null | undefined): Address | null {
  if (!value || !ipaddr.isValid(value)) return null;
  return ipaddr.process(value);
}

export interface Network {
  kind: 'ipv4' | 'ipv6';
  address: Address;
  bits: number;
}

/** Parses an address (a /32 or /128 network) or a CIDR range; null when it is neither. */
export function parseNetwork(value: string): Network | null {
  try {
    if (value.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(value);
      const folded = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96
        ? { address: (address as ipaddr.IPv6).toIPv4Address(), bits: bits - 96 }
        : { address, bits };
      return { kind: folded.address.kind(), ...folded };
    }
    const address = parseAddress(value);
    return address ? { kind: address.kind(), address, bits: address.kind() === 'ipv4' ? 32 : 128 } : null;
  } catch {
    return null;
  }
}

export function contains(network: Network, address: Address | null): boolean {
  return address !== null && address.kind() === network.kind && address.match(network.address as never, network.bits);
}
