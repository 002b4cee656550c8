import type { ServiceBroker } from 'moleculer';
import type { Labels, Metrics } from '../../plugins/sdk/index.ts';

/**
 * A plugin instance's metrics: names under `idp_<kind>_` (idp_provider_, idp_source_), every series labelled with the
 * instance's name under the kind (`provider="…"`). Counters and gauges are registered on first use; with metrics off,
 * nothing is recorded.
 */
export function pluginMetrics(broker: ServiceBroker, kind: 'provider' | 'source', instance: string): Metrics {
  const ensure = (type: 'counter' | 'gauge', name: string, labels: Labels) => {
    const full = `idp_${kind}_${name}`;
    if (!broker.metrics.getMetric(full)) {
      const labelNames = [kind, ...Object.keys(labels)];
      const description = `Reported by ${kind} plugins (${name})`;
      if (type === 'counter') broker.metrics.register({ type, name: full, labelNames, description });
      else broker.metrics.register({ type, name: full, labelNames, description });
    }
    return full;
  };
  return {
    increment(name, labels = {}, value = 1) {
      if (!broker.isMetricsEnabled()) return;
      broker.metrics.increment(ensure('counter', name, labels), { [kind]: instance, ...labels }, value);
    },
    set(name, labels, value) {
      if (!broker.isMetricsEnabled()) return;
      broker.metrics.set(ensure('gauge', name, labels), value, { [kind]: instance, ...labels });
    },
  };
}
