import { describe, expect, it } from 'vitest';
import {
  formatCommunityUrl,
  parseBaseUrl,
  parseCommunityUrl,
  roomConversationId,
} from '../../src/communities/url.js';
import { isSessionError } from '../../src/errors.js';
import { loadSpecVectors } from '../helpers/spec.js';

const v = loadSpecVectors('communities.vectors.json');
const KEY = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe('community URLs (communities.md §2, §18.6; source: libsession-util tests/test_config_user_groups.cpp)', () => {
  for (const c of v.community_urls.cases) {
    it(c.url, () => {
      const u = parseCommunityUrl(c.url);
      expect(u.baseUrl).toBe(c.base_url);
      expect(u.room).toBe(c.room);
      expect(u.roomKey).toBe(c.canonical_room);
      expect(u.pubkeyHex).toBe(c.pubkey_hex);
    });
  }

  it('canonicalises a base URL with a port', () => {
    expect(parseBaseUrl('http://Example.ORG:5678').baseUrl).toBe('http://example.org:5678');
    expect(parseBaseUrl('http://Example.ORG:5678/')).toMatchObject({
      host: 'example.org',
      port: 5678,
      protocol: 'http',
    });
  });

  it('takes a URL without scheme as http:// and accepts IPv4 hosts with ports (§2.2)', () => {
    const u = parseCommunityUrl(`127.0.0.1:8080/lobby?public_key=${KEY}`);
    expect(u).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080',
      host: '127.0.0.1',
      port: 8080,
      room: 'lobby',
    });
    expect(formatCommunityUrl(u)).toBe(`http://127.0.0.1:8080/lobby?public_key=${KEY}`);
    expect(roomConversationId(u)).toBe('http://127.0.0.1:8080/lobby');
    expect(parseCommunityUrl(`https://open.getsession.org/main?public_key=${KEY}`).port).toBe(443);
  });

  it('allows a partial URL only when asked', () => {
    expect(parseCommunityUrl('https://example.com/room', { requireKey: false }).pubkeyHex).toBeUndefined();
    expect(() => parseCommunityUrl('https://example.com/room')).toThrow(/public_key/);
  });

  const bad = [
    `ftp://example.com/room?public_key=${KEY}`,
    `https://example.com/?public_key=${KEY}`,
    `https://example.com/r/?public_key=${KEY}`,
    `https://example.com/ro%om?public_key=${KEY}`,
    `https://example.com/${'a'.repeat(65)}?public_key=${KEY}`,
    `https://example.com/room?public_key=${KEY.slice(2)}`,
    `https://example.com/room?public_key=${KEY}00`,
    `https://exa_mple.com/room?public_key=${KEY}`,
    `https://nodot/room?public_key=${KEY}`,
    `https://example.com./room?public_key=${KEY}`,
    `https://example.com/extra/path/room?public_key=${KEY}`,
    `https://example.com:99999/room?public_key=${KEY}`,
    'not a url',
  ];
  for (const url of bad) {
    it(`refuses ${url.slice(0, 60)} with INVALID_INPUT`, () => {
      expect(() => parseCommunityUrl(url)).toThrow(
        expect.toSatisfy((e) => isSessionError(e, 'INVALID_INPUT')),
      );
    });
  }
});
