import { pino, type Logger as PinoLogger } from 'pino';

/** The logger every layer receives by injection. pino: JSON lines, levels, child loggers, redaction. */
export type Logger = PinoLogger;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface LoggerOptions {
  level?: LogLevel;
  /** json: one JSON object per line (CronJobs, log shippers); pretty: short human lines for a terminal. */
  format?: 'json' | 'pretty';
  /** Where lines go; defaults to stderr so stdout stays free for --json output. */
  write?: (line: string) => void;
}

// Secrets must never reach a log line, whatever a caller passes in.
const REDACT_PATHS = [
  'clientSecret',
  'accessToken',
  'password',
  'webhookPassword',
  'authorization',
  '*.clientSecret',
  '*.accessToken',
  '*.password',
  '*.authorization',
  'headers.authorization',
];

export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const format = options.format ?? 'json';
  const stream = { write: format === 'json' ? write : (line: string) => write(formatPretty(line)) };
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
}

export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

const OMIT_IN_PRETTY = new Set(['level', 'time', 'msg']);

/** `warn  retrying GET /reservations (attempt 2) status=429 waitMs=10000` */
function formatPretty(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const fields = Object.entries(record)
    .filter(([key]) => !OMIT_IN_PRETTY.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const level = String(record.level ?? 'info').padEnd(5);
  return `${level} ${String(record.msg ?? '')}${fields.length > 0 ? ` ${fields.join(' ')}` : ''}\n`;
}
