export { probe, type ProbeOptions, type ProbeResult, type ProbeSpec } from './probe.js';
