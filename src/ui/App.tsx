import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Box, Text, useApp, useInput, useStdout, type Key } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { ChatBackend, ChatEvent } from './backend.js';
import { Composer, composerRows } from './Composer.js';
import { ConversationList } from './ConversationList.js';
import { authorName, conversationTitle } from './format.js';
import { HelpOverlay } from './HelpOverlay.js';
import { MessageView } from './MessageView.js';
import { parseComposerLine, type SlashCommand } from './slash-commands.js';
import {
  currentMatch,
  initialState,
  openConversation,
  reduce,
  selected,
  type Action,
  type ChatState,
} from './state.js';
import { StatusBar } from './StatusBar.js';
import { ThemeContext, tint, useTheme } from './theme.js';

export interface AppProps {
  backend: ChatBackend;
  /** Colour on (the command decides: --color, NO_COLOR, terminal). */
  color: boolean;
  /** Test seam: a fixed terminal size instead of stdout's (which is followed on resize). */
  size?: { columns: number; rows: number };
  clock?: () => number;
  /** Messages loaded per page of history. */
  pageSize?: number;
  /** How long list refreshes and read marks wait for more events (one refresh per burst). */
  settleMs?: number;
  onQuit?: () => void;
}

const LIST_HINTS = '↑↓/jk move · Enter open · ? help · Ctrl-C quit';
const CHAT_HINTS = 'Enter send · Esc back · PgUp/PgDn scroll · Ctrl-F search · /help · ? help';

function useTerminalSize(fixed: AppProps['size']): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [fixed, stdout]);
  return fixed ?? size;
}

/** Removes the last code point (not half of a surrogate pair). */
function dropLast(s: string): string {
  const cps = [...s];
  cps.pop();
  return cps.join('');
}

function printable(input: string): string {
  // Pasted line breaks stay line breaks; other control characters are dropped.
  return input.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
}

function Header({ state, width }: { state: ChatState; width: number }) {
  const theme = useTheme();
  const c = openConversation(state);
  const typing = state.openId !== null && state.typing[state.openId];
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        <Text {...tint(theme, 'white', { bold: true })}>{conversationTitle(c) || state.openId}</Text>
        {c?.state === 'request' ? (
          <Text {...tint(theme, 'yellow')}> [request: /accept or /block]</Text>
        ) : null}
        {c?.blocked ? <Text {...tint(theme, 'red')}> [blocked]</Text> : null}
        {typing ? <Text {...tint(theme, 'gray')}> typing…</Text> : null}
      </Text>
    </Box>
  );
}

export function App(props: AppProps) {
  const { backend } = props;
  const clock = props.clock ?? Date.now;
  const pageSize = props.pageSize ?? 200;
  const settleMs = props.settleMs ?? 150;
  const app = useApp();
  const { columns, rows } = useTerminalSize(props.size);
  const [state, reactDispatch] = useReducer(reduce, backend.own, initialState);
  const [now, setNow] = useState(clock);
  // The latest state for callbacks that outlive a render (event loop, timers, async commands).
  const ref = useRef(state);
  ref.current = state;
  // Applied to the ref at once too: keys that arrive in one chunk ("hello⏎") are handled one
  // after the other, each seeing what the one before did, before React renders again.
  const dispatch = useCallback((a: Action) => {
    ref.current = reduce(ref.current, a);
    reactDispatch(a);
  }, []);
  const closing = useRef(new AbortController());
  const settle = useRef<NodeJS.Timeout | undefined>(undefined);

  const report = useCallback((e: unknown) => {
    dispatch({ type: 'status', text: e instanceof Error ? e.message : String(e), error: true });
  }, []);

  const refresh = useCallback(async () => {
    dispatch({ type: 'conversations', list: await backend.conversations() });
  }, [backend]);

  /** One list refresh (and read mark of the open conversation) per burst of events. */
  const settleLater = useCallback(
    (markOpen: boolean) => {
      clearTimeout(settle.current);
      const mark = markOpen || settle.current !== undefined;
      settle.current = setTimeout(() => {
        settle.current = undefined;
        const open = ref.current.openId;
        void (async () => {
          if (mark && open) await backend.markRead(open);
          await refresh();
        })().catch(report);
      }, settleMs);
    },
    [backend, refresh, report, settleMs],
  );

  useEffect(() => {
    const signal = closing.current.signal;
    refresh().catch(report);
    void (async () => {
      try {
        for await (const e of backend.events(signal)) {
          dispatch({ type: 'event', event: e });
          const open = ref.current.openId;
          if (e.type === 'message' || e.type === 'request' || e.type === 'conversations-changed')
            settleLater(e.type === 'message' && e.conversation === open && e.direction === 'in');
        }
      } catch (e) {
        if (!signal.aborted) report(e);
      }
    })();
    return () => {
      closing.current.abort();
      clearTimeout(settle.current);
    };
  }, [backend, refresh, report, settleLater]);

  // Timers count down only while something on screen disappears.
  useEffect(() => {
    const t = setInterval(() => {
      if (ref.current.messages.some((m) => m.expiresAt !== null)) setNow(clock());
    }, 1000);
    return () => clearInterval(t);
  }, [clock]);

  const names = useMemo(
    () => new Map(state.conversations.map((c) => [c.id, c.name] as const)),
    [state.conversations],
  );

  const quit = useCallback(() => {
    closing.current.abort();
    props.onQuit?.();
    app.exit();
  }, [app, props]);

  const open = useCallback(
    async (id: string) => {
      const messages = await backend.messages(id, { limit: pageSize });
      dispatch({ type: 'opened', id, messages, hasOlder: messages.length >= pageSize });
      await backend.markRead(id);
      await refresh();
    },
    [backend, pageSize, refresh],
  );

  const loadOlder = useCallback(async () => {
    const s = ref.current;
    const first = s.messages[0];
    if (!s.openId || !s.hasOlder || !first) return;
    const older = await backend.messages(s.openId, { before: first.cursor, limit: pageSize });
    dispatch({ type: 'older', messages: older, hasOlder: older.length >= pageSize });
  }, [backend, pageSize]);

  /** Runs a backend call with the composer waiting; the draft is cleared only on success. */
  const busy = useCallback(
    async (work: () => Promise<string | undefined>, clearDraft: boolean) => {
      dispatch({ type: 'busy', busy: true });
      try {
        const done = await work();
        if (clearDraft) dispatch({ type: 'draft', text: '' });
        if (done) dispatch({ type: 'status', text: done });
      } catch (e) {
        report(e);
      } finally {
        dispatch({ type: 'busy', busy: false });
      }
    },
    [report],
  );

  const nthNewest = (s: ChatState, n: number) =>
    n === 1 && currentMatch(s) ? currentMatch(s) : s.messages[s.messages.length - n];

  const runCommand = useCallback(
    (cmd: SlashCommand) => {
      const s = ref.current;
      const conv = s.openId!;
      const unsupported = (what: string) => {
        dispatch({ type: 'status', text: `${what} is not supported here yet`, error: true });
      };
      switch (cmd.name) {
        case 'accept':
          if (openConversation(s)?.state !== 'request') {
            dispatch({ type: 'status', text: 'this conversation is not a message request', error: true });
            return;
          }
          void busy(async () => {
            await backend.accept(conv);
            await refresh();
            return 'Request accepted';
          }, true);
          return;
        case 'block':
          void busy(async () => {
            await backend.block(conv);
            await refresh();
            return 'Blocked: their messages are dropped from now on';
          }, true);
          return;
        case 'leave':
          if (!backend.leave) return unsupported('/leave (1:1 conversations cannot be left)');
          if ((openConversation(s)?.kind ?? 'direct') === 'direct') {
            dispatch({
              type: 'status',
              text: 'a 1:1 conversation cannot be left: /leave is for groups and communities (/block stops it)',
              error: true,
            });
            return;
          }
          void busy(async () => {
            await backend.leave!(conv);
            dispatch({ type: 'back' });
            await refresh();
            return 'Left';
          }, true);
          return;
        case 'mute':
        case 'unmute':
          if (!backend.mute) return unsupported('muting');
          void busy(async () => {
            const until =
              cmd.name === 'unmute' ? null : cmd.seconds === null ? Infinity : clock() + cmd.seconds * 1000;
            await backend.mute!(conv, until);
            await refresh();
            return cmd.name === 'unmute' ? 'Unmuted' : 'Muted';
          }, true);
          return;
        case 'react': {
          if (!backend.react || !backend.capabilities.react) return unsupported('reacting');
          const target = nthNewest(s, cmd.nth);
          if (!target) return unsupported(`message ${cmd.nth}`);
          void busy(async () => {
            const event = await backend.react!(conv, target, cmd.emoji);
            if (event) dispatch({ type: 'event', event });
            return undefined;
          }, true);
          return;
        }
        case 'reply': {
          if (!backend.capabilities.quote) return unsupported('quoting');
          const target = nthNewest(s, cmd.nth);
          if (!target) {
            dispatch({ type: 'status', text: `there is no message ${cmd.nth}`, error: true });
            return;
          }
          dispatch({ type: 'draft', text: '' });
          dispatch({ type: 'reply', message: target });
          return;
        }
        case 'attach': {
          const path = resolve(cmd.path);
          try {
            if (!statSync(path).isFile()) throw new Error(`${cmd.path} is not a file`);
          } catch (e) {
            report(
              (e as NodeJS.ErrnoException).code === 'ENOENT' ? new Error(`no such file: ${cmd.path}`) : e,
            );
            return;
          }
          dispatch({ type: 'attach', path });
          dispatch({ type: 'draft', text: '' });
          return;
        }
        case 'search':
          dispatch({ type: 'draft', text: '' });
          dispatch({ type: 'search-start' });
          if (cmd.query !== '') {
            dispatch({ type: 'search-query', query: cmd.query });
            dispatch({ type: 'search-submit' });
          }
          return;
        case 'help':
          dispatch({ type: 'draft', text: '' });
          dispatch({ type: 'help', show: true });
          return;
        case 'quit':
          quit();
          return;
      }
    },
    [backend, busy, clock, quit, refresh, report],
  );

  const submit = useCallback(() => {
    const s = ref.current;
    if (s.busy || !s.openId) return;
    if (s.draft.trim() === '' && s.attachments.length === 0) return;
    const parsed = parseComposerLine(s.draft);
    if (parsed.kind === 'error') {
      dispatch({ type: 'status', text: parsed.message, error: true });
      return;
    }
    if (parsed.kind === 'command') {
      runCommand(parsed.command);
      return;
    }
    const conv = s.openId;
    void busy(async () => {
      const sent = await backend.send(conv, parsed.text, {
        ...(s.attachments.length ? { attachments: s.attachments } : {}),
        ...(s.replyTo ? { quote: s.replyTo } : {}),
      });
      dispatch({ type: 'sent', message: sent });
      void refresh().catch(report);
      return undefined;
    }, false);
  }, [backend, busy, refresh, report, runCommand]);

  const bodyRows = Math.max(3, rows - 2); // one row for the status bar, one left free (no full-screen redraws)

  const onKey = (input: string, key: Key) => {
    const s = ref.current;
    if (key.ctrl && input === 'c') return quit();
    if (s.status) dispatch({ type: 'clear-status' });
    if (s.help) {
      if (key.escape || input === '?' || key.return) dispatch({ type: 'help', show: false });
      return;
    }
    if (!s.openId) {
      if (key.upArrow) dispatch({ type: 'move', delta: -1 });
      else if (key.downArrow) dispatch({ type: 'move', delta: 1 });
      // Keys typed faster than they are read arrive together ("jjk"): each one counts.
      else if (/^[jk]+$/.test(input))
        dispatch({ type: 'move', delta: [...input].reduce((d, ch) => d + (ch === 'j' ? 1 : -1), 0) });
      else if (key.pageUp) dispatch({ type: 'move', delta: -(bodyRows - 1) });
      else if (key.pageDown) dispatch({ type: 'move', delta: bodyRows - 1 });
      else if (key.return && s.selectedId) open(s.selectedId).catch(report);
      else if (input === '?') dispatch({ type: 'help', show: true });
      else if (input === 'q') quit();
      return;
    }
    const page = Math.max(1, Math.floor(bodyRows / 3));
    const scroll = (delta: number) => {
      dispatch({ type: 'scroll', delta });
      // Near the oldest loaded message: fetch the page before it.
      if (delta > 0 && s.scroll + delta >= s.messages.length - page) loadOlder().catch(report);
    };
    if (s.search?.editing) {
      if (key.escape) dispatch({ type: 'search-end' });
      else if (key.return) dispatch({ type: 'search-submit' });
      else if (key.upArrow) dispatch({ type: 'search-next', delta: -1 });
      else if (key.downArrow) dispatch({ type: 'search-next', delta: 1 });
      else if (key.backspace || key.delete)
        dispatch({ type: 'search-query', query: dropLast(s.search.query) });
      else if (input && !key.ctrl && !key.meta)
        dispatch({ type: 'search-query', query: s.search.query + printable(input).replace(/\n/g, ' ') });
      return;
    }
    if (key.escape) {
      if (s.search) dispatch({ type: 'search-end' });
      else if (s.replyTo) dispatch({ type: 'reply', message: null });
      else {
        dispatch({ type: 'back' });
        refresh().catch(report);
      }
      return;
    }
    if (key.ctrl && input === 'f') return dispatch({ type: 'search-start' });
    if (key.pageUp) return scroll(page);
    if (key.pageDown) return scroll(-page);
    const empty = s.draft === '';
    if (empty && s.search && (input === 'n' || input === 'N'))
      return dispatch({ type: 'search-next', delta: input === 'n' ? -1 : 1 });
    if (empty && key.upArrow) return scroll(1);
    if (empty && key.downArrow) return scroll(-1);
    if (empty && input === '?') return dispatch({ type: 'help', show: true });
    if ((key.return && key.meta) || input === '\n') return dispatch({ type: 'draft', text: `${s.draft}\n` });
    if (key.return) return submit();
    if (key.backspace || key.delete) return dispatch({ type: 'draft', text: dropLast(s.draft) });
    if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow)
      return;
    if (input) dispatch({ type: 'draft', text: s.draft + printable(input) });
  };

  useInput((input: string, key: Key) => {
    // Typed faster than read, text and Enter come as one chunk ("hello\r", "jk\r"): each Enter
    // is a key press of its own, in order. (A pasted multi-line text is sent line by line.)
    if (input.length > 1 && input.includes('\r') && !key.ctrl && !key.meta) {
      const parts = input.split('\r');
      parts.forEach((part, i) => {
        if (part !== '') onKey(part, { ...key, return: false });
        if (i < parts.length - 1) onKey('', { ...key, return: true });
      });
      return;
    }
    onKey(input, key);
  });

  const theme = useMemo(() => ({ color: props.color }), [props.color]);
  const wide = columns >= 60;
  const listWidth = wide ? Math.min(32, Math.max(20, Math.floor(columns * 0.3))) : columns;
  const chatWidth = wide ? columns - listWidth - 2 : columns;
  const composerMax = Math.max(1, Math.min(5, Math.floor(bodyRows / 4)));
  const composerHeight = composerRows({ ...state, maxRows: composerMax });
  const historyRows = Math.max(1, bodyRows - 1 - composerHeight);
  const match = currentMatch(state);
  const replyAuthor = state.replyTo ? authorName(state.replyTo, state.own, names) : null;
  const chosen = selected(state);

  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={columns} height={bodyRows + 1}>
        {state.help ? (
          <HelpOverlay width={columns} height={bodyRows} />
        ) : (
          <Box flexDirection="row" width={columns} height={bodyRows}>
            {wide || !state.openId ? (
              <ConversationList
                conversations={state.conversations}
                selectedId={state.selectedId}
                openId={state.openId}
                focused={!state.openId}
                width={listWidth}
                height={bodyRows}
                now={now}
              />
            ) : null}
            {wide ? (
              <Box width={2} height={bodyRows} flexDirection="column">
                <Text {...tint(theme, 'gray')}>{'│\n'.repeat(bodyRows).slice(0, -1)}</Text>
              </Box>
            ) : null}
            {state.openId ? (
              <Box flexDirection="column" width={chatWidth} height={bodyRows}>
                <Header state={state} width={chatWidth} />
                <MessageView
                  messages={state.messages}
                  scroll={state.scroll}
                  hasOlder={state.hasOlder}
                  own={state.own}
                  names={names}
                  width={chatWidth}
                  height={historyRows}
                  now={now}
                  highlightId={match?.id ?? null}
                />
                <Composer
                  draft={state.draft}
                  attachments={state.attachments}
                  replyTo={state.replyTo}
                  replyAuthor={replyAuthor}
                  search={state.search}
                  busy={state.busy}
                  width={chatWidth}
                  maxRows={composerMax}
                />
              </Box>
            ) : wide ? (
              <Box width={chatWidth} height={bodyRows} paddingLeft={1}>
                <Text wrap="truncate-end" {...tint(theme, 'gray')}>
                  {chosen ? `Enter opens ${conversationTitle(chosen)}` : 'No conversations yet.'}
                </Text>
              </Box>
            ) : null}
          </Box>
        )}
        <StatusBar width={columns} status={state.status} hints={state.openId ? CHAT_HINTS : LIST_HINTS} />
      </Box>
    </ThemeContext.Provider>
  );
}

export type { ChatEvent };
