// Temporal workers log every state change at INFO; tests only want warnings. Runs first in each test file.
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
