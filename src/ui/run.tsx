import { render } from 'ink';
import { App } from './App.js';
import type { ChatBackend } from './backend.js';

export interface RunChatOptions {
  backend: ChatBackend;
  color: boolean;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

// The alternate screen: the chat leaves the shell's scrollback as it was.
const ENTER_ALT = '\u001b[?1049h\u001b[H';
const LEAVE_ALT = '\u001b[?1049l';

/**
 * Draws the chat UI (no alternate screen, no teardown): what runChat shows, and what the UI bench
 * measures through the same bundle `session chat` loads.
 */
export function mountChat(o: RunChatOptions & { patchConsole?: boolean }): ReturnType<typeof render> {
  return render(<App backend={o.backend} color={o.color} />, {
    stdout: o.stdout ?? process.stdout,
    stdin: o.stdin ?? process.stdin,
    // Ctrl-C is a key like any other: App quits cleanly (backend closed, terminal restored).
    exitOnCtrlC: false,
    ...(o.patchConsole === undefined ? {} : { patchConsole: o.patchConsole }),
    // At most 30 frames a second however fast messages stream in; each frame is one write,
    // wrapped in synchronized-update marks where the terminal supports them. (Ink's
    // incrementalRendering is not used: with a frame shorter than the screen it moves the
    // cursor one row too few and leaves stale rows, ink 6.8.)
    maxFps: 30,
  });
}

/** Runs the chat UI until the user quits; the backend is closed before this returns. */
export async function runChat(o: RunChatOptions): Promise<void> {
  const stdout = o.stdout ?? process.stdout;
  stdout.write(ENTER_ALT);
  try {
    const ink = mountChat({ ...o, stdout });
    await ink.waitUntilExit();
    ink.cleanup();
  } finally {
    stdout.write(LEAVE_ALT);
    // Ink leaves stdin flowing (raw mode off, but resumed and referenced) after unmount, which
    // would keep the process alive after the user quit: hand the terminal back idle.
    const stdin = o.stdin ?? process.stdin;
    if (stdin.isTTY) stdin.setRawMode?.(false);
    stdin.pause();
    stdin.unref?.();
    await o.backend.close();
  }
}
