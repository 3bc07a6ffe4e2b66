package org.qoeflow.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test fixture: one Prometheus text-format scrape turned into OTLP the way the Collector's {@code
 * prometheus} receiver does it: one metric per family named as the family, counters as cumulative
 * monotonic sums, histograms as cumulative explicit-bucket histograms (bucket counts
 * de-accumulated, {@code +Inf} dropped from the bounds), {@code _created} samples not exported,
 * every point with the start time of the series' first scrape, the scrape target in {@code
 * service.name}/{@code service.instance.id}, and the receiver's own {@code up} and {@code scrape_*}
 * metrics beside the target's.
 */
public final class PrometheusScrapeToOtlp {
    public static final String RECEIVER_SCOPE =
            "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/prometheusreceiver";

    private PrometheusScrapeToOtlp() {}

    /** A resource fixture text from this package's test resources. */
    public static String resource(String name) {
        try (InputStream in = PrometheusScrapeToOtlp.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resource attributes of a target {@code job} at {@code instance} ({@code host:port}). */
    public static Map<String, String> target(String job, String instance) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("service.name", job);
        r.put("service.instance.id", instance);
        r.put("server.address", instance.substring(0, instance.lastIndexOf(':')));
        r.put("server.port", instance.substring(instance.lastIndexOf(':') + 1));
        r.put("url.scheme", "http");
        return r;
    }

    public static ExportMetricsServiceRequest convert(
            String text, Map<String, String> resource, long startNanos, long timeNanos) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                types.put(f[2], f[3]);
                samples.put(f[2], new ArrayList<>());
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Sample s = Sample.parse(line);
                samples.get(family(s.name, types)).add(s);
            }
        }
        ScopeMetrics.Builder scope =
                ScopeMetrics.newBuilder()
                        .setScope(
                                InstrumentationScope.newBuilder()
                                        .setName(RECEIVER_SCOPE)
                                        .setVersion("0.140.0"));
        for (var e : types.entrySet()) {
            String name = e.getKey();
            List<Sample> ss = samples.get(name);
            switch (e.getValue()) {
                case "gauge" -> scope.addMetrics(gauge(name, ss, timeNanos));
                case "counter" -> scope.addMetrics(counter(name, ss, startNanos, timeNanos));
                case "histogram" -> scope.addMetrics(histogram(name, ss, startNanos, timeNanos));
                default -> throw new IllegalArgumentException("type " + e.getValue());
            }
        }
        int scraped = samples.values().stream().mapToInt(List::size).sum();
        scope.addMetrics(meta("up", 1, timeNanos))
                .addMetrics(meta("scrape_duration_seconds", 0.0123, timeNanos))
                .addMetrics(meta("scrape_samples_scraped", scraped, timeNanos))
                .addMetrics(meta("scrape_samples_post_metric_relabeling", scraped, timeNanos))
                .addMetrics(meta("scrape_series_added", 0, timeNanos));
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(
                        ResourceMetrics.newBuilder()
                                .setResource(Resource.newBuilder().addAllAttributes(kvs(resource)))
                                .addScopeMetrics(scope))
                .build();
    }

    private static String family(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum", "_created")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
                if (types.containsKey(base + "_total")) {
                    return base + "_total"; // a counter's _created
                }
            }
        }
        throw new IllegalArgumentException("sample " + sample + " of no declared family");
    }

    private static Metric gauge(String name, List<Sample> ss, long time) {
        Gauge.Builder g = Gauge.newBuilder();
        for (Sample s : ss) {
            g.addDataPoints(number(s, 0, time));
        }
        return Metric.newBuilder().setName(name).setGauge(g).build();
    }

    private static Metric counter(String name, List<Sample> ss, long start, long time) {
        Sum.Builder sum =
                Sum.newBuilder()
                        .setIsMonotonic(true)
                        .setAggregationTemporality(
                                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        for (Sample s : ss) {
            if (!s.name.endsWith("_created")) {
                sum.addDataPoints(number(s, start, time));
            }
        }
        return Metric.newBuilder().setName(name).setSum(sum).build();
    }

    private static Metric histogram(String name, List<Sample> ss, long start, long time) {
        Map<String, List<Sample>> bySeries = new LinkedHashMap<>();
        for (Sample s : ss) {
            Map<String, String> labels = new TreeMap<>(s.labels);
            labels.remove("le");
            bySeries.computeIfAbsent(labels.toString(), k -> new ArrayList<>()).add(s);
        }
        Histogram.Builder h =
                Histogram.newBuilder()
                        .setAggregationTemporality(
                                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        for (List<Sample> series : bySeries.values()) {
            HistogramDataPoint.Builder dp =
                    HistogramDataPoint.newBuilder()
                            .setStartTimeUnixNano(start)
                            .setTimeUnixNano(time);
            long previous = 0;
            Map<String, String> labels = null;
            for (Sample s : series) {
                if (s.name.endsWith("_bucket")) {
                    String le = s.labels.get("le");
                    long cumulative = (long) s.value;
                    dp.addBucketCounts(cumulative - previous);
                    previous = cumulative;
                    if (!le.equals("+Inf")) {
                        dp.addExplicitBounds(Double.parseDouble(le));
                    }
                    labels = new TreeMap<>(s.labels);
                    labels.remove("le");
                } else if (s.name.endsWith("_count")) {
                    dp.setCount((long) s.value);
                } else if (s.name.endsWith("_sum")) {
                    dp.setSum(s.value);
                }
            }
            dp.addAllAttributes(kvs(labels));
            h.addDataPoints(dp);
        }
        return Metric.newBuilder().setName(name).setHistogram(h).build();
    }

    private static Metric meta(String name, double v, long time) {
        return Metric.newBuilder()
                .setName(name)
                .setGauge(
                        Gauge.newBuilder()
                                .addDataPoints(
                                        NumberDataPoint.newBuilder()
                                                .setTimeUnixNano(time)
                                                .setAsDouble(v)))
                .build();
    }

    private static NumberDataPoint number(Sample s, long start, long time) {
        return NumberDataPoint.newBuilder()
                .setStartTimeUnixNano(start)
                .setTimeUnixNano(time)
                .setAsDouble(s.value)
                .addAllAttributes(kvs(s.labels))
                .build();
    }

    public static List<KeyValue> kvs(Map<String, String> attrs) {
        List<KeyValue> out = new ArrayList<>();
        attrs.forEach(
                (k, v) ->
                        out.add(
                                KeyValue.newBuilder()
                                        .setKey(k)
                                        .setValue(AnyValue.newBuilder().setStringValue(v))
                                        .build()));
        return out;
    }

    /** One sample line: {@code name{label="value",...} value}. */
    record Sample(String name, Map<String, String> labels, double value) {
        static Sample parse(String line) {
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int end = line.lastIndexOf('}');
                parseLabels(line.substring(brace + 1, end), labels);
            } else {
                name = line.substring(0, space);
            }
            return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
        }

        private static void parseLabels(String s, Map<String, String> out) {
            int i = 0;
            while (i < s.length()) {
                int eq = s.indexOf('=', i);
                String key = s.substring(i, eq).trim();
                StringBuilder v = new StringBuilder();
                int j = eq + 2; // after ="
                while (s.charAt(j) != '"') {
                    char c = s.charAt(j);
                    if (c == '\\') {
                        char n = s.charAt(++j);
                        v.append(n == 'n' ? '\n' : n);
                    } else {
                        v.append(c);
                    }
                    j++;
                }
                out.put(key, v.toString());
                i = j + 1;
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                }
            }
        }
    }
}
