import type { Caller, PermissionId } from '#domain/roles.ts';
import type { Dependencies } from './dependencies.ts';

/** Who acts, with what they may do, at which instant, through which adapters: every use case's first argument. */
export interface Actor {
  caller: Caller;
  permissions: ReadonlySet<PermissionId>;
  now: number;
  deps: Dependencies;
}
