package org.qoeflow.qoe;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.TreeSet;
import org.qoeflow.common.Checks;

/**
 * Weights and reference values of the QoE scores; every field is validated at construction.
 *
 * @param loadLatencyRefMs p95 latency at which the load weight's latency term saturates
 * @param loadLatencyWeight weight of the latency term in the load weight
 * @param loadFailureWeight weight of the failure term in the load weight
 * @param responseWeight weight of the response-time term in the QoE index
 * @param interactionWeight weight of the interaction term in the QoE index
 * @param mediaWeight weight of the media term in the QoE index
 * @param responseBadMs e2e p95 latency at which the response-time term reaches 0
 * @param targetFps frame rate at which the UI is fully smooth
 * @param jankBadRate janky frames per rendered frame at which the jank part reaches 0
 * @param queueBadDepth queue depth at which a cloud node's responsiveness reaches 0
 * @param bandwidthGoodKbps bandwidth at which the media bandwidth part reaches 1
 * @param jitterBadMs jitter at which the media jitter part reaches 0
 * @param earlyScoreAlpha significance at which a window so far that fails more than the node's
 *     previous window gets a partial score before it closes ({@link EarlyScoreRule}); 0 turns
 *     partial scores off
 * @param earlyScoreMinRequests finished requests a window must hold before it can get a partial
 *     score
 * @param closeOnNodeProgress 1: a node's window closes (its first full score) as soon as the node
 *     sends an event of its next window, without waiting for the watermark: a node's own events
 *     arrive in its partition's order, so the rest of the window is already in. Its events that
 *     still come before the watermark passes the window re-fire it as a revision, as late events
 *     within allowed lateness do. 0: windows close on the watermark only (for nodes whose own
 *     events arrive out of event-time order, e.g. stamped at request start)
 */
public record QoeOptions(
        double loadLatencyRefMs,
        double loadLatencyWeight,
        double loadFailureWeight,
        double responseWeight,
        double interactionWeight,
        double mediaWeight,
        double responseBadMs,
        double targetFps,
        double jankBadRate,
        double queueBadDepth,
        double bandwidthGoodKbps,
        double jitterBadMs,
        double earlyScoreAlpha,
        double earlyScoreMinRequests,
        double closeOnNodeProgress)
        implements java.io.Serializable {

    public static final QoeOptions DEFAULTS =
            new QoeOptions(
                    500, 0.6, 0.4, 0.5, 0.3, 0.2, 1000, 60, 0.1, 32, 5000, 100, 0.001, 10, 1);

    public QoeOptions {
        Checks.positive("loadLatencyRefMs", loadLatencyRefMs);
        Checks.inRange("loadLatencyWeight", loadLatencyWeight, 0, 1);
        Checks.inRange("loadFailureWeight", loadFailureWeight, 0, 1);
        sumsToOne("loadLatencyWeight + loadFailureWeight", loadLatencyWeight + loadFailureWeight);
        Checks.inRange("responseWeight", responseWeight, 0, 1);
        Checks.inRange("interactionWeight", interactionWeight, 0, 1);
        Checks.inRange("mediaWeight", mediaWeight, 0, 1);
        sumsToOne(
                "responseWeight + interactionWeight + mediaWeight",
                responseWeight + interactionWeight + mediaWeight);
        Checks.positive("responseBadMs", responseBadMs);
        Checks.positive("targetFps", targetFps);
        Checks.positive("jankBadRate", jankBadRate);
        Checks.positive("queueBadDepth", queueBadDepth);
        Checks.positive("bandwidthGoodKbps", bandwidthGoodKbps);
        Checks.positive("jitterBadMs", jitterBadMs);
        Checks.inRange("earlyScoreAlpha", earlyScoreAlpha, 0, 0.5);
        Checks.inRange("earlyScoreMinRequests", earlyScoreMinRequests, 1, 1e6);
        if (earlyScoreMinRequests != Math.rint(earlyScoreMinRequests)) {
            throw new IllegalArgumentException(
                    "earlyScoreMinRequests must be a whole number, got " + earlyScoreMinRequests);
        }
        if (closeOnNodeProgress != 0 && closeOnNodeProgress != 1) {
            throw new IllegalArgumentException(
                    "closeOnNodeProgress must be 0 or 1, got " + closeOnNodeProgress);
        }
    }

    /**
     * Whether a node's event of a later window closes its window ({@link #closeOnNodeProgress}).
     */
    public boolean closesOnNodeProgress() {
        return closeOnNodeProgress == 1;
    }

    private static void sumsToOne(String name, double sum) {
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException(name + " must sum to 1, got " + sum);
        }
    }

    /**
     * These options with some fields replaced, by record component name (e.g. {@code
     * loadLatencyRefMs=400}); an unknown name or a non-numeric value is rejected naming it.
     */
    public QoeOptions withOverrides(Map<String, String> overrides) {
        RecordComponent[] components = QoeOptions.class.getRecordComponents();
        TreeSet<String> unknown = new TreeSet<>(overrides.keySet());
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                String name = components[i].getName();
                types[i] = double.class;
                values[i] = components[i].getAccessor().invoke(this);
                if (overrides.containsKey(name)) {
                    unknown.remove(name);
                    String raw = overrides.get(name);
                    try {
                        values[i] = Double.parseDouble(raw.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(
                                "QoE option " + name + " must be a number, got '" + raw + "'");
                    }
                }
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(
                        "unknown QoE option(s) " + unknown + "; known: " + names(components));
            }
            return QoeOptions.class.getDeclaredConstructor(types).newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String names(RecordComponent[] components) {
        StringBuilder sb = new StringBuilder();
        for (RecordComponent c : components) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c.getName());
        }
        return sb.toString();
    }
}
