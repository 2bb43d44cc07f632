export {
  createLogger,
  memorySink,
  streamSink,
  nullLogger,
  parseLogLevel,
  logLevels,
  type Logger,
  type LogLevel,
  type LogFields,
  type LogSink,
  type CreateLoggerOptions,
} from './logger';
export { createRotatingFileSink, type RotatingFileSinkOptions } from './file-sink';
export { redactString, redactValue, registerSecret, isSensitiveFieldName, encodedForms, REDACTED } from './redact';
