import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/validators.js';
import { tempDir } from './helpers/temp-dir.js';

describe('huiliu build --rules', () => {
  it('prints, per source, how many items each rule touched, and the rules that touched none', () => {
    const out = tempDir('huiliu-rules-');
    const run = runCli(['build', '--config', 'config/huiliu.json', '--out', out, '--rules']);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('huiliu: source seeds: items each cleaning rule touched (of 5)');
    // Two of the five seeds carry the feedx footer (VOA, and the NYT item); one is DW with its © notice.
    expect(run.stderr).toMatch(/^ +2 {2}feedx footer$/m);
    expect(run.stderr).toMatch(/^ +1 {2}dw: copyright notice$/m);
    expect(run.stderr).toMatch(/^ +1 {2}rfi: date line$/m);
    expect(run.stderr).toMatch(/^ +0 {2}dw: podcast promo$/m);
    expect(run.stderr).toMatch(/^ +0 {2}code and embedded documents$/m);
  });

  it('prints no rule counts without the flag', () => {
    const out = tempDir('huiliu-rules-');
    expect(runCli(['build', '--config', 'config/huiliu.json', '--out', out]).stderr).not.toContain('cleaning rule');
  });
});
