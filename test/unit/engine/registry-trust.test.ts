import { describe, expect, it } from 'vitest';
import { trustsPlainHttp, untrustedRegistryMessage } from '../../../src/engine/registry-trust.js';

// GET /info RegistryConfig of Docker 28.5 with no daemon configuration (as read from a real engine).
const defaults = { insecureCidrs: ['::1/128', '127.0.0.0/8'], insecureHosts: [], engineVersion: '28.5.2' };
// Docker 29.10 with "insecure-registries": ["10.0.0.0/8"]: loopback is no longer added.
const configured = { insecureCidrs: ['10.0.0.0/8'], insecureHosts: [], engineVersion: '29.10.0' };

describe('registry trust', () => {
  it('lets the default loopback range cover the harness registry on any port, localhost and ::1 included', () => {
    expect(trustsPlainHttp(defaults, '127.0.0.1:41235')).toBe(true);
    expect(trustsPlainHttp(defaults, 'localhost:5000')).toBe(true);
    expect(trustsPlainHttp(defaults, '[::1]:5000')).toBe(true);
  });

  it('sees that an engine whose insecure-registries leave out loopback will not talk plain HTTP to it', () => {
    expect(trustsPlainHttp(configured, '127.0.0.1:41235')).toBe(false);
    expect(trustsPlainHttp({ ...configured, insecureHosts: ['127.0.0.1:41235'] }, '127.0.0.1:41235')).toBe(true);
    expect(trustsPlainHttp({ ...configured, insecureCidrs: ['127.0.0.1/32'] }, '127.0.0.1:41235')).toBe(true);
  });

  it('says what is wrong and how to fix it, naming the engine and its setting', () => {
    expect(untrustedRegistryMessage(configured, '127.0.0.1:41235')).toBe(
      'Docker 29.10.0 does not treat 127.0.0.1:41235 as an insecure registry (its insecure-registries: 10.0.0.0/8), ' +
        "so it speaks HTTPS to the harness's plain-HTTP registry. Since Docker 29.10, setting insecure-registries " +
        'stops loopback being insecure by default: add "127.0.0.0/8" to "insecure-registries" in the daemon ' +
        'configuration (/etc/docker/daemon.json) and restart the engine',
    );
  });
});
