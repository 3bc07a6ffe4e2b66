package org.qoeflow.qoe;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

/**
 * Running statistics of one node over one window: counts and sums for means and rates, KLL quantile
 * sketches for latency, the last node sample. Small (a few KB) and mergeable.
 */
public final class NodeWindowStats {
    /** KLL accuracy parameter: k=200 gives ~1.3% normalized rank error at 99% confidence. */
    static final int SKETCH_K = 200;

    private String nodeId;
    private Tier tier;
    private String region;
    private String deviceClass;
    private String modelVariant;
    private long requests;
    private long successes;
    private long offloaded;
    private double localLatencySum;
    private long localCount;
    private double offloadedLatencySum;
    private long offloadedCount;
    private Latencies e2e = new Latencies();
    private Latencies ttft = new Latencies();
    private long samples;
    private double fpsSum;
    private long jankSum;
    private double bandwidthSum;
    private double jitterSum;
    private double queueSum;
    private long lastSampleTime = Long.MIN_VALUE;
    private double lastTemperature = Double.NaN;
    private double lastPower = Double.NaN;
    private double lastCpuFreq = Double.NaN;
    private long appliedVersion;
    private RequestDedup requestIds = new RequestDedup();
    private long duplicates;
    private ModelServerStats server = new ModelServerStats();

    /**
     * Adds one validated telemetry event; a request whose {@code request_id} this window has
     * already counted is skipped (and counted in {@link #duplicates()}).
     */
    public void add(Telemetry t) {
        if (t.getPayload() instanceof RequestFact r
                && r.getRequestId() != null
                && !requestIds.firstSeen(r.getRequestId())) {
            duplicates++;
            return;
        }
        if (nodeId == null) {
            nodeId = t.getNodeId();
        }
        tier = t.getTier();
        region = t.getRegion();
        deviceClass = t.getDeviceClass();
        modelVariant = t.getModelVariant();
        appliedVersion = Math.max(appliedVersion, t.getAppliedControlVersion());
        long time = t.getEventTime().toEpochMilli();
        if (t.getPayload() instanceof RequestFact r) {
            addRequest(r);
        } else if (t.getPayload() instanceof NodeSample s) {
            addSample(s, time);
        }
    }

    private void addRequest(RequestFact r) {
        requests++;
        if (r.getSuccess()) {
            successes++;
        }
        e2e.update(r.getE2eMs());
        ttft.update(r.getTtftMs());
        if (r.getOffloaded()) {
            offloaded++;
            offloadedLatencySum += r.getE2eMs();
            offloadedCount++;
        } else {
            localLatencySum += r.getE2eMs();
            localCount++;
        }
    }

    private void addSample(NodeSample s, long time) {
        samples++;
        fpsSum += s.getFps();
        jankSum += s.getJankCount();
        bandwidthSum += s.getBandwidthKbps();
        jitterSum += s.getJitterMs();
        queueSum += s.getQueueDepth();
        if (time >= lastSampleTime) {
            lastSampleTime = time;
            lastTemperature = s.getTemperatureC();
            lastPower = s.getPowerMw();
            lastCpuFreq = s.getCpuFreqMhz();
        }
    }

    /**
     * Names the node this window belongs to, for statistics that arrive without a {@link Telemetry}
     * event (a model server's metrics); the first identity seen keeps the node id.
     */
    public void identify(
            String nodeId, Tier tier, String region, String deviceClass, String modelVariant) {
        if (this.nodeId == null) {
            this.nodeId = nodeId;
        }
        this.tier = tier;
        this.region = region;
        this.deviceClass = deviceClass;
        this.modelVariant = modelVariant;
    }

    /**
     * Adds finished requests from an explicit-bucket end-to-end latency histogram (bounds in ms,
     * one count per bucket, see {@link HistogramBuckets}); {@code failed} marks them all as
     * failures.
     */
    public void addE2eHistogram(double[] boundsMs, long[] counts, boolean failed) {
        long n = HistogramBuckets.add(e2e.sketch(), boundsMs, counts);
        requests += n;
        if (!failed) {
            successes += n;
        }
    }

    /** Adds time-to-first-token observations from an explicit-bucket histogram (bounds in ms). */
    public void addTtftHistogram(double[] boundsMs, long[] counts) {
        HistogramBuckets.add(ttft.sketch(), boundsMs, counts);
    }

    /** One reading of the server's queued (waiting) requests. */
    public void addQueueDepth(double waiting) {
        server.queueSum += waiting;
        server.queueCount++;
    }

    /** One reading of the server's running (batched) requests. */
    public void addRunningRequests(double running) {
        server.runningSum += running;
        server.runningCount++;
    }

    /** One reading of the server's KV-cache use, 0..1. */
    public void addKvCacheUtilization(double fraction) {
        server.kvCacheSum += fraction;
        server.kvCacheCount++;
    }

    /**
     * Finished requests the server counted by outcome; once a window has any, its success rate is
     * taken from them rather than from the latency histograms.
     */
    public void addOutcomes(long succeeded, long failed) {
        server.succeeded += succeeded;
        server.failed += failed;
    }

    /**
     * Merges another node-window's statistics into this one. The node id stays the first one seen;
     * the rest of the identity is {@code o}'s when it has one, as {@link #add} keeps the last
     * event's: partials of one window merged in the order they were combined describe the window as
     * its events would.
     */
    public NodeWindowStats merge(NodeWindowStats o) {
        if (nodeId == null) {
            nodeId = o.nodeId;
        }
        if (o.nodeId != null) {
            tier = o.tier;
            region = o.region;
            deviceClass = o.deviceClass;
            modelVariant = o.modelVariant;
        }
        requests += o.requests;
        successes += o.successes;
        offloaded += o.offloaded;
        localLatencySum += o.localLatencySum;
        localCount += o.localCount;
        offloadedLatencySum += o.offloadedLatencySum;
        offloadedCount += o.offloadedCount;
        e2e.merge(o.e2e);
        ttft.merge(o.ttft);
        samples += o.samples;
        fpsSum += o.fpsSum;
        jankSum += o.jankSum;
        bandwidthSum += o.bandwidthSum;
        jitterSum += o.jitterSum;
        queueSum += o.queueSum;
        if (o.lastSampleTime >= lastSampleTime) {
            lastSampleTime = o.lastSampleTime;
            lastTemperature = o.lastTemperature;
            lastPower = o.lastPower;
            lastCpuFreq = o.lastCpuFreq;
        }
        appliedVersion = Math.max(appliedVersion, o.appliedVersion);
        requestIds.merge(o.requestIds);
        duplicates += o.duplicates;
        server.merge(o.server);
        return this;
    }

    /**
     * A request skipped as a resend by a deduplication outside this window ({@link
     * WindowCombiner}).
     */
    void countDuplicate() {
        duplicates++;
    }

    public long requests() {
        return requests;
    }

    public long samples() {
        return samples;
    }

    /** Requests skipped because their request id was already counted in this window. */
    public long duplicates() {
        return duplicates;
    }

    /**
     * Distinct request ids remembered for deduplication (at most {@link RequestDedup#CAPACITY}).
     */
    public int rememberedRequestIds() {
        return requestIds.size();
    }

    /**
     * Successful share of requests; 1 when the window had no request (no failure was seen). A model
     * server's own outcome counters, when it reported any, take precedence.
     */
    public double successRate() {
        if (server.hasOutcomes()) {
            return (double) server.succeeded / (server.succeeded + server.failed);
        }
        return requests == 0 ? 1.0 : (double) successes / requests;
    }

    /**
     * Finished requests the success rate is taken from: the model server's outcome counts when it
     * reported any, else the requests seen.
     */
    public long outcomes() {
        return server.hasOutcomes() ? server.succeeded + server.failed : requests;
    }

    /** Failed requests among {@link #outcomes()}. */
    public long failures() {
        return server.hasOutcomes() ? server.failed : requests - successes;
    }

    /** e2e latency quantile in ms, NaN without requests. */
    public double latencyQuantile(double rank) {
        return quantile(e2e.isEmpty() ? null : e2e.view(), rank);
    }

    private static double quantile(KllDoublesSketch latencies, double rank) {
        return latencies == null ? Double.NaN : latencies.getQuantile(rank);
    }

    /** Builds the window's QoE record. */
    public QoeScore toScore(long windowStart, long windowEnd, int revision, QoeMath math) {
        KllDoublesSketch latencies = e2e.isEmpty() ? null : e2e.view(); // built once per score
        double p95 = quantile(latencies, 0.95);
        double success = successRate();
        Double meanFps = samples == 0 ? null : fpsSum / samples;
        Double jankRate = null;
        if (fpsSum > 0) {
            jankRate = jankSum / fpsSum;
        } else if (samples > 0) {
            jankRate = 0.0;
        }
        Double bandwidth = samples == 0 ? null : bandwidthSum / samples;
        Double jitter = samples == 0 ? null : jitterSum / samples;
        long queueReadings = samples + server.queueCount;
        Double queue = queueReadings == 0 ? null : (queueSum + server.queueSum) / queueReadings;

        double load = math.loadWeight(requests == 0 ? 0 : p95, success);
        double response = requests == 0 ? Double.NaN : math.responseTerm(p95, success);
        double interaction = Double.NaN;
        if (meanFps != null && meanFps > 0) {
            interaction = math.uiInteractionTerm(meanFps, jankRate);
        } else if (queue != null) {
            interaction = math.queueInteractionTerm(queue);
        }
        double media = bandwidth == null ? Double.NaN : math.mediaTerm(bandwidth, jitter);
        double qoe = math.qoeIndex(response, interaction, media);

        return QoeScore.newBuilder()
                .setNodeId(nodeId)
                .setTier(tier)
                .setRegion(region)
                .setDeviceClass(deviceClass)
                .setModelVariant(modelVariant)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setRevision(revision)
                .setRequestCount(requests)
                .setSampleCount(samples)
                .setLatencyP50Ms(orNull(quantile(latencies, 0.50)))
                .setLatencyP95Ms(orNull(p95))
                .setLatencyP99Ms(orNull(quantile(latencies, 0.99)))
                .setTtftP95Ms(ttft.isEmpty() ? null : ttft.view().getQuantile(0.95))
                .setLocalLatencyMeanMs(localCount == 0 ? null : localLatencySum / localCount)
                .setOffloadedLatencyMeanMs(
                        offloadedCount == 0 ? null : offloadedLatencySum / offloadedCount)
                .setSuccessRate(success)
                .setOffloadShare(requests == 0 ? 0 : (double) offloaded / requests)
                .setMeanFps(meanFps)
                .setJankRate(jankRate)
                .setBandwidthKbps(bandwidth)
                .setJitterMs(jitter)
                .setTemperatureC(orNull(lastTemperature))
                .setPowerMw(orNull(lastPower))
                .setCpuFreqMhz(orNull(lastCpuFreq))
                .setQueueDepth(queue)
                .setAppliedControlVersion(appliedVersion)
                .setLoadWeight(load)
                .setQoeIndex(Double.isNaN(qoe) ? 0 : qoe)
                .setKvCacheUtilization(server.meanKvCache())
                .setRunningRequests(server.meanRunning())
                .build();
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** Compact binary form for state backends and the network. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(nodeId != null);
            if (nodeId != null) {
                out.writeUTF(nodeId);
                out.writeByte(tier.ordinal());
                out.writeUTF(region);
                out.writeUTF(deviceClass);
                out.writeUTF(modelVariant);
            }
            out.writeLong(requests);
            out.writeLong(successes);
            out.writeLong(offloaded);
            out.writeDouble(localLatencySum);
            out.writeLong(localCount);
            out.writeDouble(offloadedLatencySum);
            out.writeLong(offloadedCount);
            writeSketch(out, e2e.view());
            writeSketch(out, ttft.view());
            out.writeLong(samples);
            out.writeDouble(fpsSum);
            out.writeLong(jankSum);
            out.writeDouble(bandwidthSum);
            out.writeDouble(jitterSum);
            out.writeDouble(queueSum);
            out.writeLong(lastSampleTime);
            out.writeDouble(lastTemperature);
            out.writeDouble(lastPower);
            out.writeDouble(lastCpuFreq);
            out.writeLong(appliedVersion);
            requestIds.write(out);
            out.writeLong(duplicates);
            server.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Inverse of {@link #toBytes()}. */
    public static NodeWindowStats fromBytes(byte[] data) {
        NodeWindowStats s = new NodeWindowStats();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readBoolean()) {
                s.nodeId = in.readUTF();
                s.tier = Tier.values()[in.readByte()];
                s.region = in.readUTF();
                s.deviceClass = in.readUTF();
                s.modelVariant = in.readUTF();
            }
            s.requests = in.readLong();
            s.successes = in.readLong();
            s.offloaded = in.readLong();
            s.localLatencySum = in.readDouble();
            s.localCount = in.readLong();
            s.offloadedLatencySum = in.readDouble();
            s.offloadedCount = in.readLong();
            s.e2e = Latencies.of(readSketch(in), false);
            s.ttft = Latencies.of(readSketch(in), false);
            s.samples = in.readLong();
            s.fpsSum = in.readDouble();
            s.jankSum = in.readLong();
            s.bandwidthSum = in.readDouble();
            s.jitterSum = in.readDouble();
            s.queueSum = in.readDouble();
            s.lastSampleTime = in.readLong();
            s.lastTemperature = in.readDouble();
            s.lastPower = in.readDouble();
            s.lastCpuFreq = in.readDouble();
            s.appliedVersion = in.readLong();
            // State written before request ids were deduplicated ends here.
            if (in.available() > 0) {
                s.requestIds = RequestDedup.read(in);
                s.duplicates = in.readLong();
            }
            // State written before model-server statistics ends here.
            if (in.available() > 0) {
                s.server = ModelServerStats.read(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    /** Identity flags of {@link #writeCompact}: none, the same as the previous window's, own. */
    private static final int NO_IDENTITY = 0;

    private static final int SAME_IDENTITY = 1;
    private static final int OWN_IDENTITY = 2;

    /** Bound on one sketch's compact form when reading; guards corrupt state. */
    static final int MAX_SKETCH_BYTES = 1 << 20;

    /**
     * Lossless compact form used by {@link NodeWindowsCodec}: the identity only when it differs
     * from {@code previous} (the node's previous window in the same state, or null), counters as
     * zigzag varints, sums and last values only when not at their initial value (a bit each), the
     * last sample time relative to {@code base} (the window's start).
     */
    void writeCompact(Encoder out, NodeWindowStats previous, long base) throws IOException {
        if (nodeId == null) {
            out.writeInt(NO_IDENTITY);
        } else if (previous != null && sameIdentity(previous)) {
            out.writeInt(SAME_IDENTITY);
        } else {
            out.writeInt(OWN_IDENTITY);
            out.writeString(nodeId);
            out.writeInt(tier.ordinal());
            out.writeString(region);
            out.writeString(deviceClass);
            out.writeString(modelVariant);
        }
        out.writeLong(requests);
        out.writeLong(successes);
        out.writeLong(offloaded);
        out.writeLong(localCount);
        out.writeLong(offloadedCount);
        out.writeLong(samples);
        out.writeLong(jankSum);
        out.writeLong(lastSampleTime - base);
        out.writeLong(appliedVersion);
        out.writeLong(duplicates);
        SparseDoubles.write(
                out,
                new double[] {
                    localLatencySum, offloadedLatencySum, fpsSum, bandwidthSum, jitterSum, queueSum
                },
                0.0);
        SparseDoubles.write(
                out, new double[] {lastTemperature, lastPower, lastCpuFreq}, Double.NaN);
        e2e.writeCompact(out);
        ttft.writeCompact(out);
        requestIds.writeCompact(out);
        server.writeCompact(out);
    }

    /** Inverse of {@link #writeCompact}, with the same {@code previous} and {@code base}. */
    static NodeWindowStats readCompact(Decoder in, NodeWindowStats previous, long base)
            throws IOException {
        return readCompact(in, previous, base, false);
    }

    /**
     * As {@link #readCompact(Decoder, NodeWindowStats, long)}; with {@code toMerge} the latency
     * sketches are read-only views of the bytes instead of heap copies (no allocation of their full
     * arrays), for statistics that are only merged into others ({@link WindowCombiner}'s partials).
     */
    static NodeWindowStats readCompact(
            Decoder in, NodeWindowStats previous, long base, boolean toMerge) throws IOException {
        NodeWindowStats s = new NodeWindowStats();
        int identity = in.readInt();
        if (identity == SAME_IDENTITY) {
            if (previous == null || previous.nodeId == null) {
                throw new IOException("window statistics refer to a previous window's identity");
            }
            s.nodeId = previous.nodeId;
            s.tier = previous.tier;
            s.region = previous.region;
            s.deviceClass = previous.deviceClass;
            s.modelVariant = previous.modelVariant;
        } else if (identity == OWN_IDENTITY) {
            s.nodeId = in.readString();
            int tier = in.readInt();
            if (tier < 0 || tier >= Tier.values().length) {
                throw new IOException("window statistics tier " + tier + " unknown");
            }
            s.tier = Tier.values()[tier];
            s.region = in.readString();
            s.deviceClass = in.readString();
            s.modelVariant = in.readString();
        } else if (identity != NO_IDENTITY) {
            throw new IOException("window statistics identity flag " + identity + " unknown");
        }
        s.requests = in.readLong();
        s.successes = in.readLong();
        s.offloaded = in.readLong();
        s.localCount = in.readLong();
        s.offloadedCount = in.readLong();
        s.samples = in.readLong();
        s.jankSum = in.readLong();
        s.lastSampleTime = in.readLong() + base;
        s.appliedVersion = in.readLong();
        s.duplicates = in.readLong();
        double[] sums = SparseDoubles.read(in, 6, 0.0);
        s.localLatencySum = sums[0];
        s.offloadedLatencySum = sums[1];
        s.fpsSum = sums[2];
        s.bandwidthSum = sums[3];
        s.jitterSum = sums[4];
        s.queueSum = sums[5];
        double[] last = SparseDoubles.read(in, 3, Double.NaN);
        s.lastTemperature = last[0];
        s.lastPower = last[1];
        s.lastCpuFreq = last[2];
        s.e2e = Latencies.readCompact(in, toMerge);
        s.ttft = Latencies.readCompact(in, toMerge);
        s.requestIds = RequestDedup.readCompact(in);
        s.server = ModelServerStats.readCompact(in);
        return s;
    }

    private boolean sameIdentity(NodeWindowStats o) {
        return nodeId.equals(o.nodeId)
                && tier == o.tier
                && region.equals(o.region)
                && deviceClass.equals(o.deviceClass)
                && modelVariant.equals(o.modelVariant);
    }

    private static void writeSketch(DataOutputStream out, KllDoublesSketch sketch)
            throws IOException {
        byte[] b = sketch.toByteArray();
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readSketch(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
