import { describe, expect, it } from 'vitest';
import { parseComposerLine } from '../../src/ui/slash-commands.js';

describe('composer /commands', () => {
  it('plain text is text; a doubled slash sends a leading slash', () => {
    expect(parseComposerLine('hello /accept')).toEqual({ kind: 'text', text: 'hello /accept' });
    expect(parseComposerLine('//accept')).toEqual({ kind: 'text', text: '/accept' });
  });

  it('parses the common actions', () => {
    const cmd = (l: string) => {
      const p = parseComposerLine(l);
      return p.kind === 'command' ? p.command : p;
    };
    expect(cmd('/accept')).toEqual({ name: 'accept' });
    expect(cmd('/BLOCK')).toEqual({ name: 'block' });
    expect(cmd('/leave')).toEqual({ name: 'leave' });
    expect(cmd('/mute')).toEqual({ name: 'mute', seconds: null });
    expect(cmd('/mute 8h')).toEqual({ name: 'mute', seconds: 8 * 3600 });
    expect(cmd('/react 👍')).toEqual({ name: 'react', emoji: '👍', nth: 1 });
    expect(cmd('/react 👍 3')).toEqual({ name: 'react', emoji: '👍', nth: 3 });
    expect(cmd('/reply')).toEqual({ name: 'reply', nth: 1 });
    expect(cmd('/attach ~/my file.txt')).toEqual({ name: 'attach', path: '~/my file.txt' });
    expect(cmd('/search two words')).toEqual({ name: 'search', query: 'two words' });
    expect(cmd('/q')).toEqual({ name: 'quit' });
  });

  it('refuses what it cannot parse, saying how', () => {
    expect(parseComposerLine('/mute soon')).toEqual({
      kind: 'error',
      message: expect.stringContaining('usage: /mute'),
    });
    expect(parseComposerLine('/react')).toMatchObject({ kind: 'error' });
    expect(parseComposerLine('/react 👍 0')).toMatchObject({ kind: 'error' });
    expect(parseComposerLine('/reply x')).toMatchObject({ kind: 'error' });
    expect(parseComposerLine('/attach')).toMatchObject({ kind: 'error' });
    expect(parseComposerLine('/nope')).toEqual({
      kind: 'error',
      message: expect.stringContaining('unknown command /nope'),
    });
  });
});
