/** An in-memory Engine for orchestration tests: builds succeed unless the Dockerfile says FAIL, containers answer over a real 127.0.0.1 server. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type {
  BuildRequest,
  BuildResult,
  ContainerSpec,
  ContainerState,
  ContainerSummary,
  Engine,
  HistoryEntry,
  ImageInfo,
  ImageSummary,
  PruneReport,
  PullResult,
  PushResult,
} from '../../src/engine/engine.js';
import type { ImageStore } from '../../src/engine/image-store.js';
import type { Builder, EnvironmentFacts } from '../../src/types.js';

interface FakeImage {
  id: string;
  size: number;
  labels: Record<string, string>;
  tags: string[];
}

export class FakeEngine implements Engine {
  images = new Map<string, FakeImage>();
  containers = new Map<string, ContainerSpec>();
  builds: string[] = [];
  /** `docker save` tarballs the fake hands out from exportImage, by reference. */
  savedImages = new Map<string, Buffer>();
  private server: http.Server | null = null;
  private seq = 0;

  /** Base images the fake knows, with their sizes. */
  constructor(bases: Record<string, number> = {}) {
    for (const [ref, size] of Object.entries(bases))
      this.images.set(ref, { id: `sha256:base${size}`, size, labels: {}, tags: [ref] });
  }

  async close() {
    await new Promise((r) => (this.server ? this.server.close(r) : r(undefined)));
  }

  private async port(): Promise<number> {
    if (!this.server) {
      this.server = http.createServer((_req, res) => res.end('Hello World!'));
      await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    }
    return (this.server.address() as AddressInfo).port;
  }

  async describe(builder: Builder): Promise<EnvironmentFacts> {
    return {
      engineVersion: '0.0-fake',
      apiVersion: '1.41',
      storageDriver: 'fake',
      imageStore: 'fake graph driver',
      os: 'fake',
      kernel: 'fake',
      architecture: 'x86_64',
      cpus: 2,
      memoryBytes: 1,
      builder,
      node: process.version,
    };
  }
  async imageStore(): Promise<ImageStore> {
    return { kind: 'graph-driver', driver: 'fake', label: 'fake graph driver' };
  }
  async canReachHub() {
    return { reachable: false, reason: 'fake engine is offline' };
  }
  async build(req: BuildRequest): Promise<BuildResult> {
    const dockerfile = req.files.find((f) => f.name === req.dockerfile)?.content.toString() ?? '';
    this.builds.push(req.tag);
    if (dockerfile.includes('FAIL')) throw new Error(`build ${req.tag}: RUN false: exit code: 1`);
    const id = `sha256:${String(++this.seq).padStart(64, '0')}`;
    this.images.set(req.tag, { id, size: 1000 * this.seq, labels: req.labels, tags: [req.tag] });
    return { imageId: id, log: [], cachedSteps: 0, totalSteps: 1, ms: 1, contextBytes: 1024 };
  }
  async importImage(): Promise<string> {
    throw new Error('not in the fake');
  }
  async inspectImage(ref: string): Promise<ImageInfo | null> {
    const i = this.images.get(ref);
    return i
      ? { id: i.id, size: i.size, layers: ['l1'], tags: i.tags, labels: i.labels, user: '', created: '', env: [] }
      : null;
  }
  async imageHistory(): Promise<HistoryEntry[]> {
    return [];
  }
  async exportImage(ref: string): Promise<NodeJS.ReadableStream> {
    const tar = this.savedImages.get(ref);
    if (!tar) throw new Error(`export image ${ref}: the fake holds no saved tar for it (set fake.savedImages)`);
    return Readable.from([tar]);
  }
  async listImages(): Promise<ImageSummary[]> {
    return [];
  }
  async tagImage(): Promise<void> {}
  async removeImage(): Promise<void> {}
  async createContainer(spec: ContainerSpec): Promise<string> {
    const id = `c${++this.seq}`;
    this.containers.set(id, spec);
    return id;
  }
  async startContainer(): Promise<void> {}
  async hostPort(): Promise<number> {
    return this.port();
  }
  async containerState(): Promise<ContainerState> {
    return { running: true, exitCode: 0, startedAt: '' };
  }
  async containerLogs(): Promise<string> {
    return '';
  }
  async fileSize(): Promise<number | null> {
    return 10;
  }
  async readFile(): Promise<Buffer | null> {
    return Buffer.from('binary go1.23.5 ');
  }
  async removeContainer(id: string): Promise<void> {
    this.containers.delete(id);
  }
  async listContainers(): Promise<ContainerSummary[]> {
    return [];
  }
  async pushImage(_localRef: string, registryRef: string): Promise<PushResult> {
    return { ref: registryRef, digest: `sha256:${'0'.repeat(64)}`, ms: 1 };
  }
  async pullImage(): Promise<PullResult> {
    return { ms: 1, layersDownloaded: 1, layersAlreadyExist: 0 };
  }
  async pruneBuildCacheSince(): Promise<PruneReport> {
    return { records: 0, bytes: 0, kept: 0, unproven: { records: 0, bytes: 0, reasons: [] } };
  }
}
