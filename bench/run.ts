import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dedupBench } from './dedup.js';

/** One benchmark's part of bench/results.md. Parse, clean and emit benchmarks are further sections. */
export interface BenchSection {
  title: string;
  body: string;
}

/** Compiled to dist-bench/bench/run.js: the repository root is two folders up. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharedDir = process.env.HUILIU_SHARED ?? path.resolve(repoRoot, '..', 'shared');

const sections: Array<() => BenchSection> = [() => dedupBench(sharedDir)];

const results = sections.map((run) => run());
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`;
const report = [
  '# huiliu benchmarks',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}). Wall clock and CPU time of this process, one run each; the machine may be shared, so CPU time is the steadier figure.`,
  ...results.flatMap((s) => ['', `## ${s.title}`, '', s.body]),
  '',
].join('\n');
writeFileSync(path.join(repoRoot, 'bench', 'results.md'), report);
process.stdout.write(report);
