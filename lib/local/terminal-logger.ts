import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { jsonLogger, type Logger } from '#ports/logger.ts';

/**
 * What `npm start` writes where. The terminal keeps what a person reads: the address,
 * the sign-in tokens, one short line per request and every warning and error. The
 * structured JSON lines (every field, as AWS would log them) go to a file in the data
 * folder, or nowhere with `--memory`.
 */
export const terminalLogger = (options: { jsonFile?: string | undefined; write?: (line: string) => void }): Logger => {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const file = options.jsonFile;
  if (file) mkdirSync(dirname(file), { recursive: true });
  const json = file ? jsonLogger({ service: 'planning-meetings', organisation: 'local' }, 'debug', (line) => appendFileSync(file, `${line}\n`)) : undefined;
  return {
    log(level, message, fields = {}) {
      json?.log(level, message, fields);
      if (message === 'request' && level !== 'error') {
        const { route, status, durationMs, code } = fields as { route?: string; status?: number; durationMs?: number; code?: string };
        write(`${String(status ?? '').padEnd(3)} ${route ?? ''}${code ? ` ${code}` : ''} ${durationMs ?? ''} ms`);
        return;
      }
      if (level === 'warn' || level === 'error') write(`${level}: ${message} ${JSON.stringify(fields)}`);
    },
  };
};
