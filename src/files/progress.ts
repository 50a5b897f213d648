import type { TransferPhase, TransferProgress } from './transfer.js';

/**
 * A one-line progress display on stderr for transfers that take more than a moment. Shown only
 * on a terminal (and never with --json or --quiet: the caller passes `enabled: false`); the line
 * is redrawn in place and erased at the end, so nothing of it stays in scrollback or in a log.
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface ProgressOptions {
  enabled: boolean;
  /** Nothing is drawn for transfers shorter than this. */
  delayMs?: number;
  /** Redraw interval (the onion phases report no bytes, so the elapsed time moves the line). */
  tickMs?: number;
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => { unref?: () => void };
  clearInterval?: (t: unknown) => void;
}

export interface ProgressDisplay {
  onProgress(p: TransferProgress): void;
  /** Erases the line (call in `finally`). */
  finish(): void;
}

const LABEL: Record<TransferPhase, string> = {
  read: 'Reading',
  encrypt: 'Encrypting',
  upload: 'Uploading',
  download: 'Downloading',
  decrypt: 'Decrypting',
  write: 'Writing',
  done: 'Done',
};

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

/** The text of one progress line (pure, for tests). */
export function progressLine(p: TransferProgress, elapsedMs: number, width = 80): string {
  const secs = `${(elapsedMs / 1000).toFixed(1)} s`;
  const label = LABEL[p.phase];
  if (p.total && p.bytes !== undefined && p.phase !== 'upload' && p.phase !== 'download') {
    const frac = Math.min(1, p.bytes / Math.max(1, p.total));
    const barWidth = Math.max(10, Math.min(30, width - 40));
    const filled = Math.round(frac * barWidth);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${Math.round(frac * 100)}% of ${formatBytes(p.total)}  ${secs}`;
  }
  return `${label}${p.total ? ` ${formatBytes(p.total)}` : ''} …  ${secs}`;
}

export function progressDisplay(stream: ProgressStream, o: ProgressOptions): ProgressDisplay {
  if (!o.enabled || !stream.isTTY) return { onProgress: () => undefined, finish: () => undefined };
  const now = o.now ?? (() => performance.now());
  const start = now();
  const delay = o.delayMs ?? 700;
  let last: TransferProgress | undefined;
  let drawn = false;
  const draw = (): void => {
    if (!last || now() - start < delay) return;
    const width = stream.columns ?? 80;
    stream.write(`\r${progressLine(last, now() - start, width).slice(0, width - 1)}\u001b[K`);
    drawn = true;
  };
  const timer = (o.setInterval ?? setInterval)(draw, o.tickMs ?? 250);
  timer.unref?.();
  return {
    onProgress(p) {
      last = p;
      draw();
    },
    finish() {
      (o.clearInterval ?? ((t) => clearInterval(t as NodeJS.Timeout)))(timer);
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
      last = undefined;
    },
  };
}
