import { Box, Text } from 'ink';
import type { ChatMessage } from './backend.js';
import { shortId } from './format.js';
import type { SearchState } from './state.js';
import { tint, useTheme } from './theme.js';

export interface ComposerProps {
  draft: string;
  attachments: string[];
  replyTo: ChatMessage | null;
  replyAuthor: string | null;
  search: SearchState | null;
  busy: boolean;
  width: number;
  /** Most rows the draft may take (it scrolls to its end beyond that). */
  maxRows: number;
}

/** Rows the composer takes for these props (App lays out the history around it). */
export function composerRows(
  p: Pick<ComposerProps, 'draft' | 'attachments' | 'replyTo' | 'search' | 'maxRows'>,
): number {
  if (p.search?.editing) return 1;
  const lines = Math.min(p.maxRows, p.draft.split('\n').length);
  return lines + (p.replyTo ? 1 : 0) + (p.attachments.length ? 1 : 0);
}

/** The input line(s): multi-line draft with a cursor, the quoted message, pending attachments; or the search query. */
export function Composer(p: ComposerProps) {
  const theme = useTheme();
  if (p.search?.editing) {
    const n = p.search.matches.length;
    return (
      <Box width={p.width} height={1}>
        <Text wrap="truncate-start">
          <Text {...tint(theme, 'yellow', { bold: true })}>search: </Text>
          {p.search.query}█{' '}
          <Text {...tint(theme, 'gray')}>
            {p.search.query === '' ? '' : n === 0 ? '(no match)' : `(${p.search.at + 1}/${n})`}
          </Text>
        </Text>
      </Box>
    );
  }
  const lines = p.draft.split('\n').slice(-p.maxRows);
  return (
    <Box flexDirection="column" width={p.width}>
      {p.replyTo ? (
        <Text wrap="truncate-end" {...tint(theme, 'gray')}>
          ↳ replying to {p.replyAuthor ?? shortId(p.replyTo.from)}: {(p.replyTo.text ?? '').split('\n')[0]}{' '}
          (Esc cancels)
        </Text>
      ) : null}
      {p.attachments.length ? (
        <Text wrap="truncate-end" {...tint(theme, 'yellow')}>
          + {p.attachments.join(', ')}
        </Text>
      ) : null}
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-start">
          <Text {...tint(theme, 'green', { bold: true })}>{i === 0 ? (p.busy ? '… ' : '> ') : '  '}</Text>
          {l}
          {i === lines.length - 1 ? '█' : ''}
        </Text>
      ))}
    </Box>
  );
}
