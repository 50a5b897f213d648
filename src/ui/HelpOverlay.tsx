import { Box, Text } from 'ink';
import { SLASH_HELP } from './slash-commands.js';
import { tint, useTheme } from './theme.js';

export const KEY_HELP: readonly [string, string][] = [
  ['↑/↓ j/k', 'move in the list'],
  ['Enter', 'open the conversation / send the message'],
  ['Alt-Enter Ctrl-J', 'new line in the message'],
  ['Esc', 'back (closes help, search, reply first)'],
  ['PgUp/PgDn', 'scroll the history (↑/↓ with an empty draft)'],
  ['Ctrl-F', 'search; Enter keeps it, n/N or ↑/↓ next/previous'],
  ['?', 'this help (in the composer: with an empty draft)'],
  ['Ctrl-C', 'quit'],
];

export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const rows = [
    ...KEY_HELP.map((r) => ['key', ...r] as const),
    ...SLASH_HELP.map((r) => ['cmd', ...r] as const),
  ];
  const keyWidth = Math.min(26, Math.floor(width / 3));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end" {...tint(theme, 'cyan', { bold: true })}>
        Keyboard help (Esc or ? closes)
      </Text>
      {rows.slice(0, Math.max(0, height - 1)).map(([, k, what]) => (
        <Box key={k} width={width}>
          <Box width={keyWidth}>
            <Text wrap="truncate-end" {...tint(theme, 'yellow')}>
              {k}
            </Text>
          </Box>
          <Text wrap="truncate-end">{what}</Text>
        </Box>
      ))}
    </Box>
  );
}
