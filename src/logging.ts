/**
 * Logging is injected (docs/style.md, rule 6): library code takes an optional Logger and stays silent
 * without one. Secrets are removed before a record is written, by key (pino's redact paths cannot
 * match every depth, so a formatter walks the record) and by shape inside free text (JWTs, Bearer
 * values, secrets in query strings).
 */
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { redactText, redactValue } from './redact.js';

export type { Logger };

export interface LoggerOptions {
  /** Minimum level written; defaults to 'info'. */
  level?: LevelWithSilent;
  /** Where records go; defaults to standard error so standard output stays for results. */
  destination?: DestinationStream;
  /**
   * Lines a person reads (time, level, message, fields) instead of JSON: for a terminal. Piped or
   * in CI, records stay JSON, one a line, for the tools that read them. `colour` paints the level.
   */
  pretty?: { readonly colour: boolean };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      formatters: { log: (record) => redactValue(record) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.pretty === undefined
      ? (options.destination ?? pino.destination(2))
      : PinoPretty({ destination: options.destination ?? 2, colorize: options.pretty.colour, translateTime: 'HH:MM:ss', ignore: 'pid,hostname', sync: true }),
  );
}

/** The logger library code uses when none is passed in: writes nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
