import type { ServiceBroker } from 'moleculer';
import type { Labels, Metrics } from '../../plugins/sdk/index.ts';

/**
 * A plugin's metrics: names under `idp_<kind>_` (idp_provider_, idp_source_, idp_ldap_), every series of an instance
 * labelled with its name under the kind (`provider="…"`); a server's (no instance) carry only their own labels.
 * Counters and gauges are registered on first use; with metrics off, nothing is recorded.
 */
export function pluginMetrics(broker: ServiceBroker, kind: string, instance?: string): Metrics {
  const own = instance === undefined ? {} : { [kind]: instance };
  const ensure = (type: 'counter' | 'gauge', name: string, labels: Labels) => {
    const full = `idp_${kind}_${name}`;
    if (!broker.metrics.getMetric(full)) {
      const labelNames = [...Object.keys(own), ...Object.keys(labels)];
      const description = `Reported by ${kind} plugins (${name})`;
      if (type === 'counter') broker.metrics.register({ type, name: full, labelNames, description });
      else broker.metrics.register({ type, name: full, labelNames, description });
    }
    return full;
  };
  return {
    increment(name, labels = {}, value = 1) {
      if (!broker.isMetricsEnabled()) return;
      broker.metrics.increment(ensure('counter', name, labels), { ...own, ...labels }, value);
    },
    set(name, labels, value) {
      if (!broker.isMetricsEnabled()) return;
      broker.metrics.set(ensure('gauge', name, labels), value, { ...own, ...labels });
    },
  };
}
