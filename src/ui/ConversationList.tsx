import { Box, Text } from 'ink';
import type { ChatConversation } from './backend.js';
import { conversationTitle } from './format.js';
import { tint, useTheme } from './theme.js';

export interface ConversationListProps {
  conversations: ChatConversation[];
  selectedId: string | null;
  openId: string | null;
  focused: boolean;
  width: number;
  height: number;
  now: number;
}

/** One row per conversation: marker, name, unread count, request/blocked/muted flags. */
function Row(p: {
  c: ChatConversation;
  selected: boolean;
  open: boolean;
  focused: boolean;
  width: number;
  now: number;
}) {
  const theme = useTheme();
  const { c } = p;
  const flags = [
    c.state === 'request' ? 'req' : '',
    c.blocked ? 'blk' : '',
    c.mutedUntil !== null && (c.mutedUntil === Infinity || c.mutedUntil > p.now) ? 'mut' : '',
  ].filter(Boolean);
  const tail = `${c.unread > 0 ? ` (${c.unread})` : ''}${flags.length ? ` [${flags.join(',')}]` : ''}`;
  const marker = p.selected ? (p.focused ? '>' : '*') : ' ';
  const room = Math.max(1, p.width - 2 - tail.length);
  const title = conversationTitle(c);
  const name = [...title].length > room ? `${[...title].slice(0, room - 1).join('')}…` : title;
  const style = p.selected && p.focused ? (theme.color ? { inverse: true } : {}) : {};
  return (
    <Box width={p.width} height={1}>
      <Text wrap="truncate-end" {...style}>
        {marker} <Text {...(c.unread > 0 ? tint(theme, 'white', { bold: true }) : {})}>{name}</Text>
        <Text {...tint(theme, c.state === 'request' ? 'yellow' : 'cyan')}>{tail}</Text>
      </Text>
    </Box>
  );
}

export function ConversationList(p: ConversationListProps) {
  const theme = useTheme();
  const n = p.conversations.length;
  const rows = Math.max(1, p.height - 1);
  const at = Math.max(
    0,
    p.conversations.findIndex((c) => c.id === p.selectedId),
  );
  // Only the rows that fit are rendered: a long list costs nothing per frame.
  const start = Math.max(0, Math.min(at - Math.floor(rows / 2), n - rows));
  const shown = p.conversations.slice(start, start + rows);
  const requests = p.conversations.filter((c) => c.state === 'request' && !c.blocked).length;
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <Text wrap="truncate-end" {...tint(theme, 'gray', { bold: true })}>
        Chats{requests > 0 ? ` · ${requests} request${requests > 1 ? 's' : ''}` : ''}
      </Text>
      {n === 0 ? <Text wrap="truncate-end"> (none yet)</Text> : null}
      {shown.map((c) => (
        <Row
          key={c.id}
          c={c}
          selected={c.id === p.selectedId}
          open={c.id === p.openId}
          focused={p.focused}
          width={p.width}
          now={p.now}
        />
      ))}
    </Box>
  );
}
