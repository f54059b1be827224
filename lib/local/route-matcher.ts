import type { Route } from '#api/route.ts';

export interface RouteMatch {
  route: Route;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

/** Matches request paths the way API Gateway does for `{param}` routes. */
export class RouteMatcher {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(param[1]!);
          return '([^/]+)';
        })
        .join('/');
      return { route, pattern: new RegExp(`^${source}$`), names };
    });
  }

  /**
   * The route for method and path; `methodMismatch` when only the method is wrong, with the
   * methods the path has (for the 405's `Allow`).
   */
  match(method: string, path: string): RouteMatch | { methodMismatch: true; allowed: string[] } | undefined {
    const allowed: string[] = [];
    for (const { route, pattern, names } of this.compiled) {
      const found = pattern.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        if (!allowed.includes(route.method)) allowed.push(route.method);
        continue;
      }
      const pathParameters: Record<string, string> = {};
      names.forEach((name, index) => {
        const raw = found[index + 1]!;
        try {
          pathParameters[name] = decodeURIComponent(raw);
        } catch {
          pathParameters[name] = raw;
        }
      });
      return { route, pathParameters };
    }
    return allowed.length > 0 ? { methodMismatch: true, allowed } : undefined;
  }
}
