import { Box, Text } from 'ink';
import { tint, useTheme } from './theme.js';

export interface StatusBarProps {
  width: number;
  status: { text: string; error: boolean } | null;
  hints: string;
}

/** The last row: the latest notice (errors in red) or the keys that work here. */
export function StatusBar({ width, status, hints }: StatusBarProps) {
  const theme = useTheme();
  return (
    <Box width={width} height={1}>
      {status ? (
        <Text wrap="truncate-end" {...tint(theme, status.error ? 'red' : 'yellow')}>
          {status.error ? 'error: ' : ''}
          {status.text}
        </Text>
      ) : (
        <Text wrap="truncate-end" {...tint(theme, 'gray')}>
          {hints}
        </Text>
      )}
    </Box>
  );
}
