package org.qoeflow.otlp;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qoeflow.schema.Identifiers;
import org.qoeflow.schema.Tier;

/**
 * Which OpenTelemetry attributes name a node and its tier, region, device class and model variant.
 * Each is a list of keys tried in order, on the resource first and then on the data point (where
 * the Prometheus receiver puts a model server's labels such as vLLM's {@code model_name}), with a
 * default when none is present.
 */
public record OtlpMapping(
        List<String> nodeIdKeys,
        List<String> tierKeys,
        List<String> regionKeys,
        List<String> deviceClassKeys,
        List<String> modelVariantKeys,
        Tier defaultTier,
        String defaultRegion,
        String defaultDeviceClass,
        String defaultModelVariant)
        implements Serializable {

    public static final OtlpMapping DEFAULTS =
            new OtlpMapping(
                    List.of("k8s.pod.name", "service.instance.id"),
                    List.of("qoeflow.tier"),
                    List.of("qoeflow.region", "cloud.region"),
                    List.of("qoeflow.device_class", "host.type"),
                    List.of("qoeflow.model_variant", "model_name", "gen_ai.request.model"),
                    Tier.CLOUD,
                    "default",
                    "model-server",
                    "unknown");

    public OtlpMapping {
        nodeIdKeys = keys("nodeIdKeys", nodeIdKeys, false);
        tierKeys = keys("tierKeys", tierKeys, true);
        regionKeys = keys("regionKeys", regionKeys, true);
        deviceClassKeys = keys("deviceClassKeys", deviceClassKeys, true);
        modelVariantKeys = keys("modelVariantKeys", modelVariantKeys, true);
        if (defaultTier == null) {
            throw new IllegalArgumentException("--otlp defaultTier must be EDGE or CLOUD");
        }
        identifier("defaultRegion", defaultRegion);
        identifier("defaultDeviceClass", defaultDeviceClass);
        identifier("defaultModelVariant", defaultModelVariant);
    }

    /**
     * This mapping with {@code name=value} overrides, as {@code --otlp} gives them; lists are
     * comma-separated ({@code nodeIdKeys=service.instance.id,k8s.pod.name}).
     */
    public OtlpMapping withOverrides(Map<String, String> overrides) {
        OtlpMapping m = this;
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String v = e.getValue();
            m =
                    switch (e.getKey()) {
                        case "nodeIdKeys" -> m.with(0, list(v));
                        case "tierKeys" -> m.with(1, list(v));
                        case "regionKeys" -> m.with(2, list(v));
                        case "deviceClassKeys" -> m.with(3, list(v));
                        case "modelVariantKeys" -> m.with(4, list(v));
                        case "defaultTier" -> m.withDefaults(tier(v), null, null, null);
                        case "defaultRegion" -> m.withDefaults(null, v, null, null);
                        case "defaultDeviceClass" -> m.withDefaults(null, null, v, null);
                        case "defaultModelVariant" -> m.withDefaults(null, null, null, v);
                        default ->
                                throw new IllegalArgumentException(
                                        "unknown --otlp option '"
                                                + e.getKey()
                                                + "'; valid: nodeIdKeys, tierKeys, regionKeys,"
                                                + " deviceClassKeys, modelVariantKeys, defaultTier,"
                                                + " defaultRegion, defaultDeviceClass,"
                                                + " defaultModelVariant");
                    };
        }
        return m;
    }

    private OtlpMapping with(int which, List<String> keys) {
        return new OtlpMapping(
                which == 0 ? keys : nodeIdKeys,
                which == 1 ? keys : tierKeys,
                which == 2 ? keys : regionKeys,
                which == 3 ? keys : deviceClassKeys,
                which == 4 ? keys : modelVariantKeys,
                defaultTier,
                defaultRegion,
                defaultDeviceClass,
                defaultModelVariant);
    }

    private OtlpMapping withDefaults(Tier tier, String region, String device, String variant) {
        return new OtlpMapping(
                nodeIdKeys,
                tierKeys,
                regionKeys,
                deviceClassKeys,
                modelVariantKeys,
                tier != null ? tier : defaultTier,
                region != null ? region : defaultRegion,
                device != null ? device : defaultDeviceClass,
                variant != null ? variant : defaultModelVariant);
    }

    /** {@code edge} or {@code cloud}, any case; null for anything else. */
    static Tier parseTier(String v) {
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "edge" -> Tier.EDGE;
            case "cloud" -> Tier.CLOUD;
            default -> null;
        };
    }

    private static Tier tier(String v) {
        Tier t = parseTier(v);
        if (t == null) {
            throw new IllegalArgumentException(
                    "--otlp defaultTier must be EDGE or CLOUD, not '" + v + "'");
        }
        return t;
    }

    private static List<String> list(String v) {
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> keys(String name, List<String> keys, boolean mayBeEmpty) {
        if (keys == null || !mayBeEmpty && keys.isEmpty()) {
            throw new IllegalArgumentException("--otlp " + name + " needs at least one key");
        }
        for (String k : keys) {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("--otlp " + name + " has an empty key");
            }
        }
        return List.copyOf(keys);
    }

    private static void identifier(String name, String v) {
        if (!Identifiers.valid(v)) {
            throw new IllegalArgumentException(
                    "--otlp " + name + " must match " + Identifiers.SYNTAX + ", not '" + v + "'");
        }
    }
}
