import { fromHex } from '../encoding/bytes.js';
import { prepareHop, type PreparedHop } from './hop.js';

/**
 * Onion layer keys made while a long-running process (the daemon) is idle, so that a request
 * does not wait for them: each layer of an onion needs a fresh ephemeral X25519 key pair and a
 * Diffie-Hellman with its node's key (~0.3 ms per layer here; a message send builds two onions
 * of four layers). The keys a request asks for are the ones made next: the nodes of its paths and
 * its destinations, which a daemon uses again and again.
 *
 * Each prepared layer is handed out once and then forgotten. A miss costs nothing extra: the
 * caller makes the layer as before. A one-shot CLI process does not use this (it has no idle time
 * before its one request, and would only spend CPU at exit).
 */
export interface HopKeySource {
  /** A layer prepared for this node key (hex), or undefined; asking makes more for next time. */
  take(recipientHex: string): PreparedHop | undefined;
}

export interface HopKeyPoolOptions {
  /** Prepared layers kept per node key (a send takes up to two per node: two onions). */
  perKey?: number;
  /** Node keys kept: the least recently asked for is dropped beyond this. */
  maxKeys?: number;
  /** Runs `fn` later, between other work (default: setImmediate); returns a canceller. */
  defer?: (fn: () => void) => () => void;
}

export interface HopKeyStats {
  hits: number;
  misses: number;
  prepared: number;
}

function deferImmediate(fn: () => void): () => void {
  const t = setImmediate(fn);
  // a process that has nothing else to do must not stay alive for this
  t.unref();
  return () => clearImmediate(t);
}

export class HopKeyPool implements HopKeySource {
  private readonly perKey: number;
  private readonly maxKeys: number;
  private readonly defer: (fn: () => void) => () => void;
  /** Node key -> its prepared layers; Map order is the order of last asking (oldest first). */
  private readonly stock = new Map<string, PreparedHop[]>();
  private cancel: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  readonly stats: HopKeyStats = { hits: 0, misses: 0, prepared: 0 };

  constructor(o: HopKeyPoolOptions = {}) {
    this.perKey = o.perKey ?? 2;
    this.maxKeys = o.maxKeys ?? 48;
    this.defer = o.defer ?? deferImmediate;
  }

  take(recipientHex: string): PreparedHop | undefined {
    if (this.closed) return undefined;
    const hex = recipientHex.toLowerCase();
    const layers = this.stock.get(hex) ?? [];
    // re-inserted: now the most recently asked for
    this.stock.delete(hex);
    this.stock.set(hex, layers);
    while (this.stock.size > this.maxKeys) this.stock.delete(this.stock.keys().next().value!);
    const got = layers.shift();
    if (got === undefined) this.stats.misses++;
    else this.stats.hits++;
    this.schedule();
    return got;
  }

  /** Prepared layers held for a node key (for tests and `daemon status`). */
  held(recipientHex: string): number {
    return this.stock.get(recipientHex.toLowerCase())?.length ?? 0;
  }

  /** Resolves when nothing is left to prepare (tests; the daemon never waits for it). */
  async settled(): Promise<void> {
    while (this.cancel !== undefined || this.running !== undefined) {
      if (this.running !== undefined) await this.running;
      else await new Promise<void>((r) => setImmediate(r));
    }
  }

  /** Stops preparing and drops every prepared layer. */
  close(): void {
    this.closed = true;
    this.cancel?.();
    this.cancel = undefined;
    this.stock.clear();
  }

  private schedule(): void {
    if (this.closed || this.cancel !== undefined || this.running !== undefined) return;
    this.cancel = this.defer(() => {
      this.cancel = undefined;
      this.running = this.prepareOne().then((more) => {
        this.running = undefined;
        if (more) this.schedule();
      });
    });
  }

  /**
   * One layer for the most recently asked-for key that is short; true when one was made (there
   * may be more to make: the next is made later, between other work).
   */
  private async prepareOne(): Promise<boolean> {
    const short = [...this.stock].reverse().find(([, layers]) => layers.length < this.perKey);
    if (short === undefined || this.closed) return false;
    const [hex, layers] = short;
    let made: PreparedHop;
    try {
      made = await prepareHop(fromHex(hex));
    } catch {
      // not a key a layer can be made for: forgotten (the request itself reports the bad key)
      this.stock.delete(hex);
      return true;
    }
    // (dropped meanwhile: too many keys, or closed)
    if (this.closed || this.stock.get(hex) !== layers) return true;
    layers.push(made);
    this.stats.prepared++;
    return true;
  }
}
