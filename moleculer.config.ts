import type { BrokerOptions } from 'moleculer';
import type { PlatformConfig } from './services/kernel/config.ts';
import { kernelMiddleware } from './services/kernel/kernel.middleware.ts';
import { validationMiddleware } from './services/kernel/validation.middleware.ts';

/**
 * Fields whose values never reach a log line. A one-time `code` only where action params land (`params`, or `data` when
 * logged as `logger.debug('…', params)`): errors carry codes too, and those must stay readable.
 */
export const REDACTED_PATHS = [
  'password', 'token', 'key', 'secret', 'authorization', '*.password', '*.token', '*.key', '*.secret', '*.authorization', '*.headers.authorization',
  'params.code', '*.params.code', 'data.code',
];

/**
 * Moleculer logs `logger.error('message', err)`; pino would drop `err` (it reads extra arguments as printf values).
 * This moves such details into the log object, under `err` for errors and `data` otherwise.
 */
function keepDetails(this: unknown, args: unknown[], method: (...a: unknown[]) => void): void {
  if (args.length < 2 || typeof args[0] !== 'string') return method.apply(this, args);
  const [message, ...rest] = args;
  const err = rest.find((a) => a instanceof Error);
  const data = rest.filter((a) => a !== err);
  method.apply(this, [{ ...(err ? { err } : {}), ...(data.length ? { data: data.length === 1 ? data[0] : data } : {}) }, message]);
}

/**
 * Broker options for one process. Every key the platform sets is listed here; environment variables
 * (TRANSPORTER, NAMESPACE, NODE_ID, LOG_LEVEL) reach them through PlatformConfig.
 */
export function brokerOptions(config: PlatformConfig): BrokerOptions {
  return {
    namespace: config.namespace,
    nodeID: config.nodeID,
    transporter: (config.transporter ?? undefined) as BrokerOptions['transporter'],
    serializer: 'JSON',
    requestTimeout: 15_000,
    retryPolicy: { enabled: false },
    maxCallLevel: 10,
    heartbeatInterval: 5,
    heartbeatTimeout: 15,
    registry: { strategy: 'RoundRobin', preferLocal: true },
    circuitBreaker: { enabled: false },
    bulkhead: { enabled: false },
    validator: false,
    skipProcessEventRegistration: true,
    errorRegenerator: undefined,
    metrics: config.metricsPort === null
      ? { enabled: false }
      : { enabled: true, reporter: [{ type: 'Prometheus', options: { host: config.http.host, port: config.metricsPort, path: '/metrics' } }] },
    tracing: { enabled: false },
    logger: {
      type: 'Pino',
      options: { level: config.logLevel, pino: { options: { redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, hooks: { logMethod: keepDetails } } } },
    },
    middlewares: [kernelMiddleware, validationMiddleware],
  };
}
