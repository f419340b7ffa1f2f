/** One pool task in a worker thread: a slice of one source's raw items, adapted item by item. */
import { adaptEach, type Adapted } from './adapt-each.js';
import type { CleanTask } from './pool.js';

export default function cleanTask(task: CleanTask): Adapted[] {
  return adaptEach(task.raws, task.source, task.options);
}
