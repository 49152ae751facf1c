// Why: text from the kernel log, /proc or a participant is untrusted (any user can name a process
// "\x1b]0;pwned\x07"); strip terminal control sequences and C0/C1 controls before printing it.
export function stripControl(text: string): string {
  return text
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '') // CSI
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)?/g, '') // OSC
    .replace(/\x1b[@-Z\\-_]/g, '') // other ESC sequences
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
}

// Why: colour only on a TTY and never when NO_COLOR is set (https://no-color.org).
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}
