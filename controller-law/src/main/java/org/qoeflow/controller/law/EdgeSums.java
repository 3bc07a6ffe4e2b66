package org.qoeflow.controller.law;

import java.util.Map;
import java.util.TreeMap;

/**
 * Mergeable sums of edge devices' latest windows: everything the offload law and the cloud's RTT
 * estimate read of a scope's devices ({@link OffloadLaw.EdgeStats}, the offered demand, {@link
 * CloudEstimator}'s network sums), so that a scope's devices can be summed where their scores are
 * (the job) and the controller decides on the sums instead of on every device. Local latency is
 * kept as a histogram of 2 % buckets weighted by local requests, from which the offered demand at
 * any threshold is read to within one bucket's requests.
 */
public final class EdgeSums {
    /** Ratio of a local-latency bucket's upper to its lower bound. */
    public static final double BUCKET_RATIO = 1.02;

    private static final double LOG_RATIO = Math.log(BUCKET_RATIO);

    /** Bucket of latencies at or below 0 ms. */
    static final int NON_POSITIVE = Integer.MIN_VALUE;

    long devices;
    double requests;
    double successSum;
    double localSum;
    double local;
    double offloadedSum;
    double offloadedKnown;
    double offloadedAll;
    double transferWeight;
    double bandwidthSum;
    long bandwidthCount;
    double temperatureSum;
    long temperatureCount;
    double cpuFreqSum;
    long cpuFreqCount;
    long appliedMin = Long.MAX_VALUE;
    long newestWindowEnd = Long.MIN_VALUE;
    final TreeMap<Integer, Double> localHistogram = new TreeMap<>();

    /** Adds one device's latest window and the control version it applied. */
    public EdgeSums add(NodeView n, long applied) {
        devices++;
        double localRequests = n.localRequests();
        double offloadedRequests = n.offloadedRequests();
        if (!Double.isNaN(n.localLatencyMs())) {
            localSum += n.localLatencyMs() * localRequests;
            local += localRequests;
            localHistogram.merge(bucket(n.localLatencyMs()), localRequests, Double::sum);
        }
        if (!Double.isNaN(n.offloadedLatencyMs())) {
            offloadedSum += n.offloadedLatencyMs() * offloadedRequests;
            offloadedKnown += offloadedRequests;
            if (offloadedRequests > 0 && n.bandwidthKbps() > 0) {
                transferWeight += offloadedRequests / n.bandwidthKbps();
            }
        }
        offloadedAll += offloadedRequests;
        successSum += n.successRate() * n.requests();
        requests += n.requests();
        if (!Double.isNaN(n.bandwidthKbps())) {
            bandwidthSum += n.bandwidthKbps();
            bandwidthCount++;
        }
        if (!Double.isNaN(n.temperatureC())) {
            temperatureSum += n.temperatureC();
            temperatureCount++;
        }
        if (!Double.isNaN(n.cpuFreqMhz())) {
            cpuFreqSum += n.cpuFreqMhz();
            cpuFreqCount++;
        }
        appliedMin = Math.min(appliedMin, applied);
        newestWindowEnd = Math.max(newestWindowEnd, n.windowEnd());
        return this;
    }

    /** Adds another set of sums to these. */
    public EdgeSums merge(EdgeSums o) {
        devices += o.devices;
        requests += o.requests;
        successSum += o.successSum;
        localSum += o.localSum;
        local += o.local;
        offloadedSum += o.offloadedSum;
        offloadedKnown += o.offloadedKnown;
        offloadedAll += o.offloadedAll;
        transferWeight += o.transferWeight;
        bandwidthSum += o.bandwidthSum;
        bandwidthCount += o.bandwidthCount;
        temperatureSum += o.temperatureSum;
        temperatureCount += o.temperatureCount;
        cpuFreqSum += o.cpuFreqSum;
        cpuFreqCount += o.cpuFreqCount;
        appliedMin = Math.min(appliedMin, o.appliedMin);
        newestWindowEnd = Math.max(newestWindowEnd, o.newestWindowEnd);
        o.localHistogram.forEach((b, w) -> localHistogram.merge(b, w, Double::sum));
        return this;
    }

    /** A copy. */
    public EdgeSums copy() {
        return new EdgeSums().merge(this);
    }

    /** The offload law's view of these devices. */
    OffloadLaw.EdgeStats stats() {
        return new OffloadLaw.EdgeStats(
                local == 0 ? Double.NaN : localSum / local,
                offloadedKnown == 0 ? Double.NaN : offloadedSum / offloadedKnown,
                offloadedKnown,
                local,
                bandwidthCount == 0 ? Double.NaN : bandwidthSum / bandwidthCount,
                temperatureCount == 0 ? Double.NaN : temperatureSum / temperatureCount,
                cpuFreqCount == 0 ? Double.NaN : cpuFreqSum / cpuFreqCount,
                successSum,
                requests);
    }

    /**
     * Requests offered to the cloud at {@code thresholdMs}: all offloaded ones plus the local ones
     * of devices whose mean local latency exceeds it. The bucket holding the threshold counts in
     * proportion to its part above the threshold, so the figure is within that bucket's requests of
     * the per-device count.
     */
    double offeredRequests(double thresholdMs) {
        double offered = offloadedAll;
        if (Double.isNaN(thresholdMs)) {
            return offered;
        }
        if (thresholdMs < 0) {
            return offered + localHistogram.values().stream().mapToDouble(d -> d).sum();
        }
        int at = bucket(thresholdMs);
        for (Map.Entry<Integer, Double> e : localHistogram.tailMap(at, true).entrySet()) {
            if (e.getKey() > at) {
                offered += e.getValue();
            } else if (at != NON_POSITIVE) {
                double lo = Math.pow(BUCKET_RATIO, at);
                double hi = lo * BUCKET_RATIO;
                offered += e.getValue() * Math.max(0, Math.min(1, (hi - thresholdMs) / (hi - lo)));
            }
        }
        return offered;
    }

    /** Requests these devices offloaded. */
    double offloadedRequests() {
        return offloadedAll;
    }

    /** Σ offloaded latency x k, Σ k over devices that offloaded k > 0 requests (RTT estimate). */
    double networkLatencySum() {
        return offloadedSum;
    }

    double networkRequests() {
        return offloadedKnown;
    }

    /** Σ k / bandwidth over those of them with a bandwidth: transfer time = payload x this. */
    double networkTransferWeight() {
        return transferWeight;
    }

    /** Devices summed. */
    public long devices() {
        return devices;
    }

    /** The lowest control version the devices applied ({@link Long#MAX_VALUE} when none). */
    public long appliedMin() {
        return appliedMin;
    }

    /** The newest window end of the devices ({@link Long#MIN_VALUE} when none). */
    public long newestWindowEnd() {
        return newestWindowEnd;
    }

    static int bucket(double latencyMs) {
        if (!(latencyMs > 0)) {
            return NON_POSITIVE;
        }
        return (int) Math.floor(Math.log(latencyMs) / LOG_RATIO);
    }
}
