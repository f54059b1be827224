/**
 * Structured JSON logs, one line per event. Only technical facts are logged
 * (route, status, codes, durations, ids chosen by the service): never names,
 * emails, phone numbers, tokens or request bodies.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export const jsonLogger = (
  base: Record<string, unknown> = {},
  minimum: LogLevel = (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info',
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger => ({
  log(level, message, fields = {}) {
    if (order[level] < order[minimum]) return;
    write(JSON.stringify({ level, message, time: new Date().toISOString(), ...base, ...fields }));
  },
});

export const silentLogger: Logger = { log() {} };
