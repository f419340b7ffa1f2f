// Publishes generation after generation of a 20-file set into a folder until killed, as a build does:
// lock, finish what an earlier killed process left, then publish. Used by test/output/publish.test.ts.
import { lockOutput } from '../../dist/output/lock.js';
import { publish, recoverPublish } from '../../dist/output/publish.js';

const dir = process.argv[2];
const padding = 'x'.repeat(200 * 1024);
await lockOutput(dir);
await recoverPublish(dir);
for (let generation = 1; ; generation++) {
  const files = Array.from({ length: 20 }, (_, i) => ({
    name: `feed-${i}.atom`,
    content: `<gen ${generation}>\n${padding}\n</gen ${generation}>\n`,
  }));
  await publish(dir, files, { prune: true });
  if (generation === 1) process.stdout.write('ready\n');
}
