/** An ActionIO that records everything, for tests of code that runs inside runAction. */
import type { ActionIO } from '../src/action-io.js';

export interface MemoryIO extends ActionIO {
  inputs: Record<string, string>;
  outputs: Record<string, unknown>;
  masks: string[];
  logs: Array<{ level: 'info' | 'warning' | 'error' | 'debug'; message: string }>;
  summary: string[];
  failed: string[];
}

export function memoryIO(options: { inputs?: Record<string, string>; env?: Record<string, string>; summaryFails?: boolean } = {}): MemoryIO {
  const io: MemoryIO = {
    inputs: { ...(options.inputs ?? {}) },
    outputs: {},
    masks: [],
    logs: [],
    summary: [],
    failed: [],
    getInput: (name) => io.inputs[name] ?? '',
    setOutput: (name, value) => {
      io.outputs[name] = value;
    },
    setSecret: (value) => {
      io.masks.push(value);
    },
    secrets: () => io.masks,
    env: () => options.env ?? {},
    info: (message) => io.logs.push({ level: 'info', message }),
    warning: (message) => io.logs.push({ level: 'warning', message }),
    error: (message) => io.logs.push({ level: 'error', message }),
    debug: (message) => io.logs.push({ level: 'debug', message }),
    appendSummary: async (markdown) => {
      if (options.summaryFails) throw new Error('summary file is read-only');
      io.summary.push(markdown);
    },
    setFailed: (message) => {
      io.failed.push(message);
    },
  };
  return io;
}
