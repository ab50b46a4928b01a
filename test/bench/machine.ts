// Describes the machine and runtime a benchmark ran on, for the report header and the JSON output (run it to print it).
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  node: string;
  v8: string;
  platform: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  /** 1-minute load average when the run started: above the core count, figures are noisy. */
  loadAverage: number;
}

export function describeMachine(): MachineInfo {
  const processors = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${platform()} ${release()} ${arch()}`,
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** The machine in one line, as the report's header shows it. */
export function machineLine(machine: MachineInfo): string {
  return (
    `Node ${machine.node} (V8 ${machine.v8}), ${machine.platform}, ${machine.cores} × ${machine.cpu}, ` +
    `${machine.memoryGiB} GiB, load ${machine.loadAverage}`
  );
}

// `npx tsx test/bench/machine.ts` prints it.
if (process.argv[1]?.endsWith('machine.ts')) console.log(machineLine(describeMachine()));
