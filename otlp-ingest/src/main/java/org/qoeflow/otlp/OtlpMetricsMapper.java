package org.qoeflow.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.qoeflow.schema.Identifiers;
import org.qoeflow.schema.Tier;

/**
 * Turns one OTLP {@code ExportMetricsServiceRequest} into the {@link MetricPoint}s the job scores,
 * per {@link MetricCatalog} and an {@link OtlpMapping}; whatever it cannot map is counted by {@link
 * Skip} reason, never thrown.
 */
public final class OtlpMetricsMapper implements Serializable {
    /** Data point flag: the Prometheus receiver's staleness marker (no value was recorded). */
    static final int FLAG_NO_RECORDED_VALUE = 1;

    /** Longest attribute part of a series id kept verbatim; longer ones are hashed. */
    static final int MAX_SERIES_ATTRS_CHARS = 512;

    /** Why a metric or point was not mapped: the {@code reason} label of the job's counter. */
    public enum Skip {
        /** A metric name outside the catalog (counted per metric, not per point). */
        UNKNOWN_METRIC("unknown_metric"),
        /** The resource has none of the node id attributes, or its value is no valid id. */
        NO_NODE_ID("no_node_id"),
        /** A known name with another data type (summary, exponential histogram, ...). */
        UNSUPPORTED_TYPE("unsupported_type"),
        /** A point without time, with a NaN or out-of-range value, or inconsistent buckets. */
        INVALID_POINT("invalid_point"),
        /** A staleness marker: the series disappeared from its scrape. */
        NO_RECORDED_VALUE("no_recorded_value");

        private final String label;

        Skip(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The points of one request and what was skipped. */
    public record Mapped(List<MetricPoint> points, Map<Skip, Long> skipped) {
        public long skipped(Skip reason) {
            return skipped.getOrDefault(reason, 0L);
        }
    }

    private final OtlpMapping mapping;

    public OtlpMetricsMapper(OtlpMapping mapping) {
        this.mapping = mapping;
    }

    /** Parses {@code otlp_proto} bytes; protobuf's own limits bound nesting and sizes. */
    public static ExportMetricsServiceRequest parse(byte[] value)
            throws InvalidProtocolBufferException {
        if (value == null) {
            throw new InvalidProtocolBufferException("null value (a tombstone) is no OTLP request");
        }
        return ExportMetricsServiceRequest.parseFrom(value);
    }

    public Mapped map(ExportMetricsServiceRequest request) {
        List<MetricPoint> points = new ArrayList<>();
        Map<Skip, Long> skipped = new EnumMap<>(Skip.class);
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            Map<String, String> resource = attributes(rm.getResource().getAttributesList());
            String nodeId = first(mapping.nodeIdKeys(), resource, Map.of());
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    if (!MetricCatalog.knows(m.getName())) {
                        skipped.merge(Skip.UNKNOWN_METRIC, 1L, Long::sum);
                    } else if (nodeId == null || !Identifiers.valid(nodeId)) {
                        skipped.merge(Skip.NO_NODE_ID, (long) pointCount(m), Long::sum);
                    } else {
                        mapMetric(m, nodeId, resource, points, skipped);
                    }
                }
            }
        }
        return new Mapped(points, skipped);
    }

    private void mapMetric(
            Metric m,
            String nodeId,
            Map<String, String> resource,
            List<MetricPoint> out,
            Map<Skip, Long> skipped) {
        switch (m.getDataCase()) {
            case HISTOGRAM -> {
                boolean cumulative =
                        m.getHistogram().getAggregationTemporality()
                                == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                for (HistogramDataPoint dp : m.getHistogram().getDataPointsList()) {
                    Map<String, String> attrs = attributes(dp.getAttributesList());
                    var rule = MetricCatalog.rule(m.getName(), attrs);
                    Skip why = rule.isEmpty() ? Skip.UNKNOWN_METRIC : null;
                    if (why == null && rule.get().signal().shape() != Signal.Shape.HISTOGRAM) {
                        why = Skip.UNSUPPORTED_TYPE;
                    }
                    MetricPoint p =
                            why == null
                                    ? base(m, nodeId, resource, attrs, rule.get(), cumulative)
                                    : null;
                    if (p != null) {
                        why = histogram(p, dp, MetricCatalog.toMillis(m.getUnit()));
                    }
                    collect(p, why, out, skipped);
                }
            }
            case GAUGE ->
                    numbers(
                            m,
                            m.getGauge().getDataPointsList(),
                            false,
                            nodeId,
                            resource,
                            out,
                            skipped);
            case SUM -> {
                boolean cumulative =
                        m.getSum().getAggregationTemporality()
                                == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                numbers(
                        m,
                        m.getSum().getDataPointsList(),
                        cumulative,
                        nodeId,
                        resource,
                        out,
                        skipped);
            }
            default ->
                    skipped.merge(
                            Skip.UNSUPPORTED_TYPE, (long) Math.max(1, pointCount(m)), Long::sum);
        }
    }

    private void numbers(
            Metric m,
            List<NumberDataPoint> dps,
            boolean cumulativeSum,
            String nodeId,
            Map<String, String> resource,
            List<MetricPoint> out,
            Map<Skip, Long> skipped) {
        boolean isSum = m.getDataCase() == Metric.DataCase.SUM;
        for (NumberDataPoint dp : dps) {
            Map<String, String> attrs = attributes(dp.getAttributesList());
            var rule = MetricCatalog.rule(m.getName(), attrs);
            Skip why = rule.isEmpty() ? Skip.UNKNOWN_METRIC : null;
            MetricPoint p = null;
            if (why == null) {
                Signal.Shape shape = rule.get().signal().shape();
                // a counter must be a monotonic sum; a gauge a gauge or a non-monotonic sum
                boolean fits =
                        shape == Signal.Shape.COUNTER
                                ? isSum && m.getSum().getIsMonotonic()
                                : shape == Signal.Shape.GAUGE
                                        && (!isSum || !m.getSum().getIsMonotonic());
                if (!fits) {
                    why = Skip.UNSUPPORTED_TYPE;
                } else {
                    boolean cumulative = shape == Signal.Shape.COUNTER && cumulativeSum;
                    p = base(m, nodeId, resource, attrs, rule.get(), cumulative);
                    why = number(p, dp);
                }
            }
            collect(p, why, out, skipped);
        }
    }

    private static void collect(
            MetricPoint p, Skip why, List<MetricPoint> out, Map<Skip, Long> skipped) {
        if (why != null) {
            skipped.merge(why, 1L, Long::sum);
        } else {
            out.add(p);
        }
    }

    private MetricPoint base(
            Metric m,
            String nodeId,
            Map<String, String> resource,
            Map<String, String> attrs,
            MetricCatalog.Rule rule,
            boolean cumulative) {
        MetricPoint p = new MetricPoint();
        p.nodeId = nodeId;
        p.series = seriesId(nodeId, m.getName(), attrs);
        Tier tier = OtlpMapping.parseTier(first(mapping.tierKeys(), resource, attrs));
        p.tier = tier == null ? mapping.defaultTier() : tier;
        p.region = identity(mapping.regionKeys(), resource, attrs, mapping.defaultRegion());
        p.deviceClass =
                identity(mapping.deviceClassKeys(), resource, attrs, mapping.defaultDeviceClass());
        p.modelVariant =
                identity(
                        mapping.modelVariantKeys(), resource, attrs, mapping.defaultModelVariant());
        p.signal = rule.signal();
        p.cumulative = cumulative;
        p.failed = rule.isFailure(attrs);
        return p;
    }

    private static Skip number(MetricPoint p, NumberDataPoint dp) {
        if ((dp.getFlags() & FLAG_NO_RECORDED_VALUE) != 0) {
            return Skip.NO_RECORDED_VALUE;
        }
        double v =
                switch (dp.getValueCase()) {
                    case AS_DOUBLE -> dp.getAsDouble();
                    case AS_INT -> dp.getAsInt();
                    default -> Double.NaN;
                };
        if (dp.getTimeUnixNano() <= 0 || !Double.isFinite(v) || v < 0) {
            return Skip.INVALID_POINT;
        }
        if (p.signal == Signal.KV_CACHE && v > 1) {
            return Skip.INVALID_POINT;
        }
        p.startNanos = dp.getStartTimeUnixNano();
        p.timeNanos = dp.getTimeUnixNano();
        p.value = v;
        return null;
    }

    private static Skip histogram(MetricPoint p, HistogramDataPoint dp, double toMillis) {
        if ((dp.getFlags() & FLAG_NO_RECORDED_VALUE) != 0) {
            return Skip.NO_RECORDED_VALUE;
        }
        int buckets = dp.getBucketCountsCount();
        int bounds = dp.getExplicitBoundsCount();
        if (dp.getTimeUnixNano() <= 0 || buckets != 0 && buckets != bounds + 1) {
            return Skip.INVALID_POINT;
        }
        double[] b = new double[buckets == 0 ? 0 : bounds];
        long[] c = new long[Math.max(1, buckets)];
        long total = 0;
        for (int i = 0; i < b.length; i++) {
            b[i] = dp.getExplicitBounds(i) * toMillis;
            if (!Double.isFinite(b[i]) || i > 0 && b[i] <= b[i - 1]) {
                return Skip.INVALID_POINT;
            }
        }
        if (buckets == 0) {
            c[0] = dp.getCount();
            total = c[0];
        }
        for (int i = 0; i < buckets; i++) {
            c[i] = dp.getBucketCounts(i);
            total += c[i];
            if (c[i] < 0 || total < 0) {
                return Skip.INVALID_POINT; // uint64 beyond Long.MAX_VALUE
            }
        }
        if (total != dp.getCount()) {
            return Skip.INVALID_POINT;
        }
        p.startNanos = dp.getStartTimeUnixNano();
        p.timeNanos = dp.getTimeUnixNano();
        p.boundsMs = b;
        p.counts = c;
        p.value = total;
        return null;
    }

    private static int pointCount(Metric m) {
        return switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsCount();
            case SUM -> m.getSum().getDataPointsCount();
            case HISTOGRAM -> m.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> m.getSummary().getDataPointsCount();
            default -> 0;
        };
    }

    static Map<String, String> attributes(List<KeyValue> kvs) {
        Map<String, String> m = new TreeMap<>();
        for (KeyValue kv : kvs) {
            AnyValue v = kv.getValue();
            String s =
                    switch (v.getValueCase()) {
                        case STRING_VALUE -> v.getStringValue();
                        case INT_VALUE -> Long.toString(v.getIntValue());
                        case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                        case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                        default -> null;
                    };
            if (s != null) {
                m.put(kv.getKey(), s);
            }
        }
        return m;
    }

    private static String first(
            List<String> keys, Map<String, String> resource, Map<String, String> point) {
        for (String k : keys) {
            String v = resource.get(k);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        for (String k : keys) {
            String v = point.get(k);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    private static String identity(
            List<String> keys,
            Map<String, String> resource,
            Map<String, String> point,
            String fallback) {
        String v = sanitize(first(keys, resource, point));
        return v == null ? fallback : v;
    }

    /**
     * An attribute value as an identifier ({@link Identifiers#SYNTAX}): other characters become
     * {@code -} ({@code meta-llama/Llama-3.1-8B} is {@code meta-llama-Llama-3.1-8B}), cut to the
     * maximum length; null when nothing usable is left.
     */
    static String sanitize(String v) {
        if (v == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(v.length(), Identifiers.MAX_LENGTH));
        for (int i = 0; i < v.length() && b.length() < Identifiers.MAX_LENGTH; i++) {
            char c = v.charAt(i);
            boolean ok =
                    c >= 'a' && c <= 'z'
                            || c >= 'A' && c <= 'Z'
                            || c >= '0' && c <= '9'
                            || c == '.'
                            || c == '_'
                            || c == ':'
                            || c == '-';
            if (b.isEmpty() && !(Character.isLetterOrDigit(c) && ok)) {
                continue;
            }
            b.append(ok ? c : '-');
        }
        return b.isEmpty() ? null : b.toString();
    }

    static String seriesId(String nodeId, String metric, Map<String, String> attrs) {
        String a = attrs.toString();
        if (a.length() > MAX_SERIES_ATTRS_CHARS) {
            a = UUID.nameUUIDFromBytes(a.getBytes(StandardCharsets.UTF_8)).toString();
        }
        return nodeId + '|' + metric + '|' + a;
    }
}
