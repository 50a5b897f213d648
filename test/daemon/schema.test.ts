import { Plugin } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/spec.js';
import { DAEMON_METHODS, methodName } from '../../src/daemon/schema.js';
import { runDaemonCommand } from './helpers.js';

describe('session daemon schema (OpenRPC)', () => {
  it('has a method for every command (and the daemon its own methods)', async () => {
    // The commands as built (dist/commands), not the committed manifest.
    const plugin = new Plugin({ root: repoRoot, type: 'core', isRoot: true, ignoreManifest: true });
    await plugin.load();
    const ids = plugin.commands.filter((c) => !c.hidden).map((c) => c.id);
    expect(ids).toContain('message:send');
    const r = await runDaemonCommand('daemon:schema', ['--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = r.json.result;
    expect(doc.openrpc).toMatch(/^1\./);
    const names = new Set(doc.methods.map((m: { name: string }) => m.name));
    // `daemon` itself is the server you are talking to; every other command is a method.
    for (const id of ids.filter((i) => i !== 'daemon')) expect(names, id).toContain(methodName(id));
    for (const m of DAEMON_METHODS) expect(names).toContain(m.name);
    expect(names.size).toBe(doc.methods.length);
    const send = doc.methods.find((m: { name: string }) => m.name === 'message.send');
    const params = send.params.map((p: { name: string }) => p.name);
    expect(params.slice(0, 2)).toEqual(['to', 'text']);
    expect(params).toContain('attach');
    expect(send.params.find((p: any) => p.name === 'to').required).toBe(true);
  }, 60_000);
});
