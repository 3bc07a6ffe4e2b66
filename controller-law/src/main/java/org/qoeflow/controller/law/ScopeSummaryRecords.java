package org.qoeflow.controller.law;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.qoeflow.schema.OffloadScope;
import org.qoeflow.schema.ScopePart;

/**
 * {@link ScopeSummary} to and from its Avro record ({@code qoeflow.scope-summaries.v1}); reading
 * checks what a hostile record could hold and refuses it with the reason.
 */
public final class ScopeSummaryRecords {
    /** Parts a summary may hold: window ends within the stale-after horizon, generously. */
    public static final int MAX_PARTS = 1024;

    /** Histogram buckets a part may hold (2 % buckets from 1 us to over a day: ~1 400). */
    public static final int MAX_BUCKETS = 4096;

    private ScopeSummaryRecords() {}

    public static org.qoeflow.schema.ScopeSummary toAvro(ScopeSummary s) {
        List<ScopePart> parts = new ArrayList<>();
        s.parts().forEach((end, p) -> parts.add(part(end, p)));
        return org.qoeflow.schema.ScopeSummary.newBuilder()
                .setScope(s.scope().scope())
                .setWindowEnd(Instant.ofEpochMilli(s.at()))
                .setParts(parts)
                .build();
    }

    private static ScopePart part(long end, EdgeSums p) {
        List<Integer> buckets = new ArrayList<>(p.localHistogram.size());
        List<Double> weights = new ArrayList<>(p.localHistogram.size());
        for (Map.Entry<Integer, Double> e : p.localHistogram.entrySet()) {
            buckets.add(e.getKey());
            weights.add(e.getValue());
        }
        return ScopePart.newBuilder()
                .setWindowEnd(Instant.ofEpochMilli(end))
                .setDevices(p.devices)
                .setRequests(p.requests)
                .setSuccessSum(p.successSum)
                .setLocalLatencySum(p.localSum)
                .setLocalRequests(p.local)
                .setOffloadedLatencySum(p.offloadedSum)
                .setOffloadedKnownRequests(p.offloadedKnown)
                .setOffloadedRequests(p.offloadedAll)
                .setTransferWeight(p.transferWeight)
                .setBandwidthSum(p.bandwidthSum)
                .setBandwidthCount(p.bandwidthCount)
                .setTemperatureSum(p.temperatureSum)
                .setTemperatureCount(p.temperatureCount)
                .setCpuFreqSum(p.cpuFreqSum)
                .setCpuFreqCount(p.cpuFreqCount)
                .setAppliedControlVersionMin(p.appliedMin)
                .setLocalLatencyBuckets(buckets)
                .setLocalLatencyWeights(weights)
                .build();
    }

    /**
     * The summary a record holds.
     *
     * @throws IllegalArgumentException naming the field, for a record the job could not have
     *     written (unknown scope, negative or non-finite sums, counts above the devices, too many
     *     parts or buckets, buckets out of order)
     */
    public static ScopeSummary fromAvro(org.qoeflow.schema.ScopeSummary r) {
        OffloadScope scope =
                OffloadScope.parse(r.getScope())
                        .filter(s -> !s.classWide())
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "scope: not offload/<region>/<class>/<variant>: "
                                                        + r.getScope()));
        if (r.getParts().size() > MAX_PARTS) {
            throw new IllegalArgumentException("parts: " + r.getParts().size() + " > " + MAX_PARTS);
        }
        ScopeSummary s = new ScopeSummary(scope, r.getWindowEnd().toEpochMilli());
        for (ScopePart p : r.getParts()) {
            long end = p.getWindowEnd().toEpochMilli();
            if (end > s.at()) {
                throw new IllegalArgumentException(
                        "parts.window_end: " + end + " after the summary's " + s.at());
            }
            if (s.parts().containsKey(end)) {
                throw new IllegalArgumentException("parts.window_end: " + end + " twice");
            }
            s.addPart(end, sums(p));
        }
        return s;
    }

    private static EdgeSums sums(ScopePart p) {
        EdgeSums e = new EdgeSums();
        e.devices = count("devices", p.getDevices(), Long.MAX_VALUE);
        e.requests = sum("requests", p.getRequests());
        e.successSum = sum("success_sum", p.getSuccessSum());
        e.localSum = sum("local_latency_sum", p.getLocalLatencySum());
        e.local = sum("local_requests", p.getLocalRequests());
        e.offloadedSum = sum("offloaded_latency_sum", p.getOffloadedLatencySum());
        e.offloadedKnown = sum("offloaded_known_requests", p.getOffloadedKnownRequests());
        e.offloadedAll = sum("offloaded_requests", p.getOffloadedRequests());
        e.transferWeight = sum("transfer_weight", p.getTransferWeight());
        e.bandwidthSum = sum("bandwidth_sum", p.getBandwidthSum());
        e.bandwidthCount = count("bandwidth_count", p.getBandwidthCount(), e.devices);
        e.temperatureSum = finite("temperature_sum", p.getTemperatureSum());
        e.temperatureCount = count("temperature_count", p.getTemperatureCount(), e.devices);
        e.cpuFreqSum = sum("cpu_freq_sum", p.getCpuFreqSum());
        e.cpuFreqCount = count("cpu_freq_count", p.getCpuFreqCount(), e.devices);
        e.appliedMin = p.getAppliedControlVersionMin();
        e.newestWindowEnd = p.getWindowEnd().toEpochMilli();
        if (e.devices == 0) {
            throw new IllegalArgumentException("devices: a part has at least one device");
        }
        if (e.successSum > e.requests * (1 + 1e-9)) {
            throw new IllegalArgumentException("success_sum: above requests");
        }
        List<Integer> buckets = p.getLocalLatencyBuckets();
        List<Double> weights = p.getLocalLatencyWeights();
        if (buckets.size() != weights.size() || buckets.size() > MAX_BUCKETS) {
            throw new IllegalArgumentException(
                    "local_latency_buckets: "
                            + buckets.size()
                            + " buckets, "
                            + weights.size()
                            + " weights (at most "
                            + MAX_BUCKETS
                            + ", as many of each)");
        }
        for (int i = 0; i < buckets.size(); i++) {
            if (i > 0 && buckets.get(i) <= buckets.get(i - 1)) {
                throw new IllegalArgumentException("local_latency_buckets: not ascending");
            }
            e.localHistogram.put(buckets.get(i), sum("local_latency_weights", weights.get(i)));
        }
        return e;
    }

    private static double finite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(field + ": not finite: " + v);
        }
        return v;
    }

    private static double sum(String field, double v) {
        if (!(finite(field, v) >= 0)) {
            throw new IllegalArgumentException(field + ": negative: " + v);
        }
        return v;
    }

    private static long count(String field, long v, long max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(field + ": " + v + " not in [0, " + max + "]");
        }
        return v;
    }
}
