import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import {
  findBinary,
  REGISTRY_NOT_FOUND,
  registryConfig,
  startLocalRegistry,
  useExistingRegistry,
} from '../../../src/registry/local-registry.js';
import { startFakeRegistry } from './fake-registry.js';

describe('local registry', () => {
  it('configures loopback only, deletes on, access log off, a secret', () => {
    expect(JSON.parse(registryConfig('/tmp/x/storage', 5123, 's3cret'))).toEqual({
      version: '0.1',
      log: { level: 'warn', accesslog: { disabled: true } },
      storage: { filesystem: { rootdirectory: '/tmp/x/storage' }, delete: { enabled: true } },
      http: { addr: '127.0.0.1:5123', secret: 's3cret' },
    });
  });

  describe('finds the binary', () => {
    const PATH = process.env.PATH;
    afterEach(() => {
      process.env.PATH = PATH;
    });

    it('as given when executable, else on PATH, the first executable one', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'imagediet-find-binary-'));
      const [plain, exec] = [path.join(dir, 'plain'), path.join(dir, 'exec')];
      await mkdir(plain);
      await mkdir(exec);
      await writeFile(path.join(plain, 'docker-registry'), '');
      await writeFile(path.join(exec, 'docker-registry'), '#!/bin/sh\n');
      await chmod(path.join(exec, 'docker-registry'), 0o755);
      expect(await findBinary(path.join(exec, 'docker-registry'))).toBe(path.join(exec, 'docker-registry'));
      expect(await findBinary(path.join(plain, 'docker-registry'))).toBeNull();
      process.env.PATH = [plain, exec].join(path.delimiter);
      expect(await findBinary(undefined)).toBe(path.join(exec, 'docker-registry'));
    });
  });

  it('says how to get docker-registry when the binary is missing', async () => {
    const err = await startLocalRegistry({ binary: '/nonexistent/docker-registry' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(REGISTRY_NOT_FOUND);
    expect(REGISTRY_NOT_FOUND).toBe(
      'docker-registry not found: install it (apt-get install docker-registry) or pass --registry host:port',
    );
  });

  it('uses an existing registry that answers /v2/, and its stop does nothing', async () => {
    const fake = await startFakeRegistry();
    try {
      const reg = await useExistingRegistry(fake.host);
      expect(reg).toMatchObject({ host: fake.host, port: fake.port });
      await reg.stop();
      fake.v2Status = 401;
      await expect(useExistingRegistry(fake.host)).rejects.toThrow(/answered 401, not 200: it requires authentication/);
    } finally {
      await fake.close();
    }
  });

  it('refuses a registry off loopback before any request', async () => {
    await expect(useExistingRegistry('192.168.1.10:5000')).rejects.toThrow(/not on loopback/);
  });
});
