// Entry of the events thread: TypeScript is loaded by tsx, as in the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./events-thread-main.ts');
