// SIGINT and SIGTERM from the first line of the bin on. Node's default for both is to die at once,
// which is right for a process that has made nothing yet, but `oomlab run` makes cgroups, starts
// participants and may change host settings, and a signal that came between the start of the process
// and the moment its command listens would end it with all that left behind. So the bin holds both
// signals before it loads anything (holdSignals); a command that cleans up after itself takes them
// over (claimSignals), and is handed any that came while it loaded; every other command gets node's
// default back (defaultSignals), and a signal held meanwhile then takes effect as it would have.
// The bin and the CLI bundle are two scripts with two copies of this module: the hold is kept on
// globalThis under a registered symbol, so both see the same one.

type Signal = 'SIGINT' | 'SIGTERM';
interface Hold {
  seen: Signal[];
  listener: (sig: Signal) => void;
}

const KEY = Symbol.for('oomlab.signal-hold');
const SIGNALS: readonly Signal[] = ['SIGINT', 'SIGTERM'];
const store = globalThis as unknown as Record<symbol, Hold | undefined>;

// Why: the bin's first act: from here on a SIGINT or SIGTERM is noted, not fatal, until a command decides.
export function holdSignals(): void {
  if (store[KEY]) return;
  const hold: Hold = { seen: [], listener: (sig) => void hold.seen.push(sig) };
  for (const sig of SIGNALS) process.on(sig, hold.listener);
  store[KEY] = hold;
}

// Why: stop holding; what was held is handed to whoever takes over.
function release(): Signal[] {
  const hold = store[KEY];
  if (!hold) return [];
  store[KEY] = undefined;
  for (const sig of SIGNALS) process.off(sig, hold.listener);
  return hold.seen;
}

// Why: a command that cleans up after itself listens from here on, and hears the ones that came early.
export function claimSignals(onSignal: (sig: Signal) => void): () => void {
  for (const sig of SIGNALS) process.on(sig, onSignal);
  const early = release();
  if (early.length) queueMicrotask(() => onSignal(early[0]!));
  return () => {
    for (const sig of SIGNALS) process.off(sig, onSignal);
  };
}

// Why: any other command dies of SIGINT/SIGTERM as node would make it; one that came while loading does now.
export function defaultSignals(): void {
  const early = release();
  if (early.length) process.kill(process.pid, early[0]!);
}
