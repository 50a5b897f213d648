import { SessionNetwork, type NetworkCache, type NetworkOptions } from '../network/session-network.js';

/**
 * File traffic gets a network of its own: the same node pool and network clock as messaging
 * (read from and written to the shared cache), but its own onion paths and strikes, so a
 * 10 MB transfer never occupies the paths messages go through, and a slow file server is
 * never charged to the paths messages use.
 */
export class FileTrafficCache implements NetworkCache {
  constructor(private readonly inner: NetworkCache) {}

  /** Pool and clock are facts about the network, shared; paths and strikes are per use. */
  static key(key: string): string {
    return key.startsWith('pool:') || key.startsWith('clock:') ? key : `files/${key}`;
  }

  get(key: string): unknown {
    return this.inner.get(FileTrafficCache.key(key));
  }

  set(key: string, value: unknown): void {
    this.inner.set(FileTrafficCache.key(key), value);
  }
}

/**
 * A `SessionNetwork` for file transfers alongside a messaging one (pass the messaging network's
 * options: config, transport, cache). Give its result to `uploadAttachment`/`downloadAttachment`.
 */
export function fileTrafficNetwork(o: NetworkOptions): SessionNetwork {
  return new SessionNetwork({ ...o, ...(o.cache ? { cache: new FileTrafficCache(o.cache) } : {}) });
}
