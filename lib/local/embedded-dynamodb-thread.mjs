// Entry of the embedded store's thread: TypeScript is loaded by tsx, as in the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./embedded-dynamodb-thread-main.ts');
