import type { ServiceBroker } from 'moleculer';
import type { Labels, Metrics } from '../../plugins/sdk/index.ts';

/**
 * A plugin instance's metrics: names under `prefix` (idp_provider_), every series labelled with the instance's name.
 * Counters and gauges are registered on first use; with metrics off, nothing is recorded.
 */
export function pluginMetrics(broker: ServiceBroker, prefix: string, instance: string): Metrics {
  const ensure = (type: 'counter' | 'gauge', name: string, labels: Labels) => {
    const full = `${prefix}${name}`;
    if (!broker.metrics.getMetric(full)) {
      const labelNames = ['provider', ...Object.keys(labels)];
      const description = `Reported by provider plugins (${name})`;
      if (type === 'counter') broker.metrics.register({ type, name: full, labelNames, description });
      else broker.metrics.register({ type, name: full, labelNames, description });
    }
    return full;
  };
  return {
    increment(name, labels = {}, value = 1) {
      if (!broker.isMetricsEnabled()) return;
      broker.metrics.increment(ensure('counter', name, labels), { provider: instance, ...labels }, value);
    },
    set(name, labels, value) {
      if (!broker.isMetricsEnabled()) return;
      broker.metrics.set(ensure('gauge', name, labels), value, { provider: instance, ...labels });
    },
  };
}
