// The "control" group: every test file under test/control/, in this one process (test/README.md).
import t from 'tap';
import { runGroup } from '../helpers/groups.js';

// Several files' tests: more than one file's timeout, with room for a loaded two-core machine.
t.setTimeout(300_000);

await runGroup('control');
