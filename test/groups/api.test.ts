// The files of test/helpers/groups.ts's "api" group, in this one process.
import t from 'tap';
import { runGroup } from '../helpers/groups.js';

// Several files' tests: more than one file's timeout, with room for a loaded two-core machine.
t.setTimeout(300_000);

await runGroup('api');
