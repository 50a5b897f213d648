import { Box, Text } from 'ink';
import type { ChatMessage } from './backend.js';
import { bodyLines, clockTime, fileSize, remaining } from './format.js';
import { tint, useTheme } from './theme.js';

export interface MessageItemProps {
  m: ChatMessage;
  author: string;
  quoteAuthor?: string;
  width: number;
  now: number;
  highlighted: boolean;
}

/** One message: header (author, time, timer, read), quote, text, attachments, reactions. */
export function MessageItem({ m, author, quoteAuthor, width, now, highlighted }: MessageItemProps) {
  const theme = useTheme();
  const out = m.direction === 'out';
  const timer = m.expiresAt !== null ? ` [disappears in ${remaining(m.expiresAt - now)}]` : '';
  const read = out && m.readAt !== null ? ' ✓read' : '';
  const edited = m.editedAt ? ' (edited)' : '';
  const mark = highlighted ? (theme.color ? '' : '» ') : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text {...(highlighted && theme.color ? { inverse: true } : {})}>{mark}</Text>
        <Text {...tint(theme, out ? 'green' : 'cyan', { bold: true })}>{author}</Text>
        <Text {...tint(theme, 'gray')}> {clockTime(m.timestamp, now)}</Text>
        <Text {...tint(theme, 'magenta')}>{timer}</Text>
        <Text {...tint(theme, 'blue')}>{read}</Text>
        <Text {...tint(theme, 'gray')}>{edited}</Text>
      </Text>
      {m.quote ? (
        <Text wrap="truncate-end" {...tint(theme, 'gray')}>
          {'  │ '}
          {quoteAuthor ?? ''}: {(m.quote.text ?? '(message not available)').split('\n')[0]}
        </Text>
      ) : null}
      {bodyLines(m).map((line, i) => (
        <Box key={i} paddingLeft={2} width={width}>
          <Text wrap="wrap" {...(highlighted && theme.color ? { inverse: true } : {})}>
            {line === '' ? ' ' : line}
          </Text>
        </Box>
      ))}
      {m.attachments.map((a, i) => (
        <Text key={`a${i}`} wrap="truncate-end" {...tint(theme, 'yellow')}>
          {'  [file] '}
          {a.fileName ?? a.id} ({a.contentType ?? 'file'}, {fileSize(a.size)})
        </Text>
      ))}
      {m.reactions && Object.keys(m.reactions).length > 0 ? (
        <Text wrap="truncate-end">
          {'  '}
          {Object.entries(m.reactions)
            .map(([emoji, r]) => `${emoji} ${r.count}${r.you ? '*' : ''}`)
            .join('  ')}
        </Text>
      ) : null}
    </Box>
  );
}
