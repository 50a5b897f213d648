import { createContext, useContext } from 'react';

/**
 * Colour on or off for the whole UI (NO_COLOR, --color, the config file: decided by the command).
 * Without colour nothing is styled at all: selection and state are shown with plain markers.
 */
export interface Theme {
  color: boolean;
}

export const ThemeContext = createContext<Theme>({ color: false });

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** Text props for a colour, only when colour is on. */
export function tint(theme: Theme, color: string, extra: { bold?: boolean; dim?: boolean } = {}): object {
  return theme.color ? { color, ...extra } : {};
}
