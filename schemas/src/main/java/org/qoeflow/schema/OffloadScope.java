package org.qoeflow.schema;

import java.util.Optional;

/**
 * The offload scope of one region x edge device class x edge model variant, spelled {@code
 * offload/<region>/<device_class>/<model_variant>} on the control topic. The older class-wide
 * {@code offload/<device_class>} scope parses with a null region and variant.
 */
public record OffloadScope(String region, String deviceClass, String modelVariant) {
    public OffloadScope {
        check("deviceClass", deviceClass);
        if ((region == null) != (modelVariant == null)) {
            throw new IllegalArgumentException("region and modelVariant are both set or both null");
        }
        if (region != null) {
            check("region", region);
            check("modelVariant", modelVariant);
        }
    }

    private static void check(String name, String v) {
        if (v == null || v.isBlank() || v.contains("/")) {
            throw new IllegalArgumentException(name + " must be non-blank without '/', got " + v);
        }
    }

    /** The per-region scope. */
    public static OffloadScope of(String region, String deviceClass, String modelVariant) {
        return new OffloadScope(region, deviceClass, modelVariant);
    }

    /** The scope string {@code offload/<region>/<device_class>/<model_variant>}. */
    public static String scope(String region, String deviceClass, String modelVariant) {
        return of(region, deviceClass, modelVariant).scope();
    }

    /** True for the class-wide {@code offload/<device_class>} scope. */
    public boolean classWide() {
        return region == null;
    }

    public String scope() {
        return classWide()
                ? Scopes.offload(deviceClass)
                : Scopes.OFFLOAD_PREFIX + region + "/" + deviceClass + "/" + modelVariant;
    }

    /** Parses either offload scope format; empty for anything else. */
    public static Optional<OffloadScope> parse(String scope) {
        if (scope == null || !scope.startsWith(Scopes.OFFLOAD_PREFIX)) {
            return Optional.empty();
        }
        String[] parts = scope.substring(Scopes.OFFLOAD_PREFIX.length()).split("/", -1);
        try {
            return switch (parts.length) {
                case 1 -> Optional.of(new OffloadScope(null, parts[0], null));
                case 3 -> Optional.of(new OffloadScope(parts[0], parts[1], parts[2]));
                default -> Optional.empty();
            };
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return scope();
    }
}
