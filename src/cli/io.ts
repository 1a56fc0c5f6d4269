/** The CLI's window on the world, so tests can run it in-process. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The bytes on stdin (a string is taken as UTF-8); may throw when stdin cannot be read as a source. */
  readStdin: () => Promise<Buffer | string>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  cwd: string;
}

export function colorizer(mode: string, isTTY: boolean) {
  const on = mode === 'always' || (mode === 'auto' && isTTY && !process.env.NO_COLOR);
  const wrap = (code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { on, red: wrap('31'), yellow: wrap('33'), cyan: wrap('36'), green: wrap('32'), dim: wrap('2'), bold: wrap('1') };
}
export type Colors = ReturnType<typeof colorizer>;
