import { Box, Text } from 'ink';
import type { ChatMessage } from './backend.js';
import { authorName, messageRows } from './format.js';
import { MessageItem } from './MessageItem.js';
import { tint, useTheme } from './theme.js';

export interface MessageViewProps {
  messages: ChatMessage[];
  /** Messages hidden below the view (0: the newest is the last shown). */
  scroll: number;
  hasOlder: boolean;
  own: string;
  names: ReadonlyMap<string, string | null>;
  width: number;
  height: number;
  now: number;
  highlightId: string | null;
}

/**
 * The history, bottom-aligned: only the messages that fit are rendered (10,000 loaded messages cost
 * what one screen costs), so a new message changes a few rows, not the whole frame.
 */
export function MessageView(p: MessageViewProps) {
  const theme = useTheme();
  const end = Math.max(0, p.messages.length - p.scroll);
  const shown: ChatMessage[] = [];
  let used = 0;
  const budget = Math.max(1, p.height - 1); // one row for the "older" / "newer" hints
  for (let i = end - 1; i >= 0; i--) {
    const rows = messageRows(p.messages[i]!, p.width);
    if (used + rows > budget && shown.length > 0) break;
    shown.unshift(p.messages[i]!);
    used += rows;
  }
  const olderHidden = end - shown.length > 0 || p.hasOlder;
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <Text wrap="truncate-end" {...tint(theme, 'gray')}>
        {olderHidden ? '↑ older: PgUp' : p.messages.length === 0 ? 'No messages yet.' : ' '}
        {p.scroll > 0 ? `   ↓ ${p.scroll} newer: PgDn` : ''}
      </Text>
      <Box flexDirection="column" flexGrow={1} justifyContent="flex-end" overflow="hidden">
        {shown.map((m) => (
          <MessageItem
            key={m.id}
            m={m}
            author={authorName(m, p.own, p.names)}
            {...(m.quote ? { quoteAuthor: authorName({ from: m.quote.author }, p.own, p.names) } : {})}
            width={p.width}
            now={p.now}
            highlighted={m.id === p.highlightId}
          />
        ))}
      </Box>
    </Box>
  );
}
