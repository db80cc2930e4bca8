/**
 * Whether the engine talks plain HTTP to a registry. The harness's registry serves HTTP on loopback, which engines
 * treat as insecure (plain HTTP allowed) through `127.0.0.0/8` in their insecure-registries. Docker 29.10 stopped
 * adding that range once insecure-registries is set in the daemon's configuration, so such an engine pushes to our
 * registry over HTTPS and fails.
 */
import { isIP } from 'node:net';
import type { RegistryTrust } from './engine.js';

/** `127.0.0.1:5000` → `127.0.0.1`; `[::1]:5000` → `::1`; `localhost:5000` → `127.0.0.1` (what the daemon resolves). */
function hostIp(host: string): string {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' ? '127.0.0.1' : name;
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [net = '', bitsText] = cidr.split('/');
  if (isIP(ip) !== isIP(net) || isIP(ip) === 0) return false;
  if (isIP(ip) === 6) return ip === net; // the only IPv6 range the harness meets is ::1/128
  const bits = Number(bitsText ?? 32);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (ipv4ToInt(ip) & mask) >>> 0 === (ipv4ToInt(net) & mask) >>> 0;
}

/** Does the engine's configuration let it push to and pull from `host` (`ip:port`) over plain HTTP? */
export function trustsPlainHttp(trust: RegistryTrust, host: string): boolean {
  if (trust.insecureHosts.includes(host)) return true;
  const ip = hostIp(host);
  return trust.insecureCidrs.some((c) => inCidr(ip, c));
}

/** The explanation for a transfer to `host` that failed on an engine that does not talk plain HTTP to it. */
export function untrustedRegistryMessage(trust: RegistryTrust, host: string): string {
  const listed = trust.insecureCidrs.length ? trust.insecureCidrs.join(', ') : 'none';
  return (
    `Docker ${trust.engineVersion} does not treat ${host} as an insecure registry (its insecure-registries: ` +
    `${listed}), so it speaks HTTPS to the harness's plain-HTTP registry. Since Docker 29.10, setting ` +
    'insecure-registries stops loopback being insecure by default: add "127.0.0.0/8" to "insecure-registries" ' +
    'in the daemon configuration (/etc/docker/daemon.json) and restart the engine'
  );
}
