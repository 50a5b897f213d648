import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SessionError } from '../errors.js';
import type { DevnetNodeStatus } from '../devnet/devnet.js';

/** One node as the control endpoint reports it (the devnet's own type). */
export type { DevnetNodeStatus };

/** Talking to a running (usually detached) devnet through its loopback control endpoint. */
export interface DescriptorLike {
  pid: number;
  control: { url: string; token: string };
  [k: string]: unknown;
}

export async function readDescriptor(dir: string): Promise<DescriptorLike> {
  try {
    return JSON.parse(await readFile(join(dir, 'devnet.json'), 'utf8')) as DescriptorLike;
  } catch (cause) {
    throw new SessionError('NO_NETWORK', `no devnet in ${dir} (devnet.json missing or unreadable)`, {
      cause,
      hint: `start one with \`session devnet start --dir ${dir} --detach\``,
    });
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function control(
  dir: string,
  route: string,
  args: Record<string, unknown> = {},
): Promise<unknown> {
  const d = await readDescriptor(dir);
  if (!pidAlive(d.pid)) {
    throw new SessionError('NO_NETWORK', `the devnet in ${dir} is not running`, {
      hint: `start it with \`session devnet start --dir ${dir} --detach\``,
    });
  }
  let res: Response;
  try {
    res = await fetch(`${d.control.url}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${d.control.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (cause) {
    throw new SessionError('NO_NETWORK', `the devnet in ${dir} does not answer`, { cause });
  }
  const body = (await res.json()) as { error?: string };
  if (!res.ok)
    throw new SessionError('INVALID_INPUT', body.error ?? `devnet control ${route} failed (${res.status})`);
  return body;
}

/** Runs a `/node/*` fault hook on node `k` and returns that node's state afterwards. */
export async function controlNode(
  dir: string,
  route: string,
  k: number,
  args: Record<string, unknown> = {},
): Promise<DevnetNodeStatus> {
  const s = (await control(dir, route, { ...args, k })) as { nodes: DevnetNodeStatus[] };
  const node = s.nodes[k];
  if (!node) throw new SessionError('INVALID_INPUT', `the devnet in ${dir} has no node ${k}`);
  return node;
}
