import { readStartTicks } from '../proc/process-tree.js';
import { removeRecord, stateDir, writeRecord, type HostRecord, type RecordOwner } from './host-record.js';

// This process's own note of host changes (host-record.ts): the swappiness holder and the temporary
// swapfile add to it before they change anything, and take their part out once it is put back; the
// note goes when nothing is left in it. One note per harness, whatever part of it wrote first.

/** This harness's note, as the parts that change the host see it. */
export interface HostRecorder {
  /** Before the host vm.swappiness is changed. */
  noteSwappiness(original: string, set: string): void;
  /** After it was put back. */
  clearSwappiness(): void;
  /** Before a swapfile is turned on. */
  noteSwapfile(path: string): void;
  /** After it was turned off and removed. */
  clearSwapfile(path: string): void;
}

const notes = new Map<string, HostRecord>();

// Why: one recorder per state directory and owner (the harness itself unless a test says otherwise).
export function hostRecorder(fsRoot = '/', owner?: RecordOwner): HostRecorder {
  const dir = stateDir(fsRoot);
  const who = (): RecordOwner => owner ?? { pid: process.pid, startTicks: readStartTicks(process.pid) };
  const key = (): string => `${dir}\0${who().pid}`;
  const save = (change: (r: HostRecord) => void): void => {
    const r = notes.get(key()) ?? { owner: who() };
    change(r);
    if (r.swappiness === undefined && !r.swapfiles?.length) {
      notes.delete(key());
      removeRecord(dir, r.owner);
      return;
    }
    notes.set(key(), r);
    writeRecord(dir, r);
  };
  return {
    noteSwappiness: (original, set) => save((r) => void (r.swappiness = { original, set })),
    clearSwappiness: () => save((r) => void delete r.swappiness),
    noteSwapfile: (path) => save((r) => void (r.swapfiles = [...(r.swapfiles ?? []).filter((p) => p !== path), path])),
    clearSwapfile: (path) => save((r) => void (r.swapfiles = (r.swapfiles ?? []).filter((p) => p !== path))),
  };
}
