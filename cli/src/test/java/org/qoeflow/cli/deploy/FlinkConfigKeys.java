package org.qoeflow.cli.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;

/**
 * The Flink configuration keys a FlinkDeployment may set: every current {@link ConfigOption} of
 * flink-core's {@code org.apache.flink.configuration.*Options} classes, the per-reporter options
 * under {@code metrics.reporter.<name>.}, and the Flink Kubernetes operator's autoscaler options.
 */
final class FlinkConfigKeys {
    private static final String REPORTER_PREFIX = "metrics.reporter.";

    /**
     * The operator's {@code job.autoscaler.*} options as its AutoScalerOptions class defines them
     * (apache/flink-kubernetes-operator, flink-autoscaler, the release that renamed
     * target.utilization to utilization.target and added utilization.min/max). The operator is not
     * a dependency of this project, so the documented set is written out here, with types, so a bad
     * value fails like a Flink one.
     */
    static final List<ConfigOption<?>> AUTOSCALER =
            List.of(
                    auto("enabled").booleanType().noDefaultValue(),
                    auto("scaling.enabled").booleanType().noDefaultValue(),
                    auto("metrics.window").durationType().noDefaultValue(),
                    auto("stabilization.interval").durationType().noDefaultValue(),
                    auto("excluded.periods").stringType().asList().noDefaultValue(),
                    auto("utilization.target").doubleType().noDefaultValue(),
                    auto("utilization.min").doubleType().noDefaultValue(),
                    auto("utilization.max").doubleType().noDefaultValue(),
                    auto("scale-down.interval").durationType().noDefaultValue(),
                    auto("vertex.min-parallelism").intType().noDefaultValue(),
                    auto("vertex.max-parallelism").intType().noDefaultValue(),
                    auto("scale-down.max-factor").doubleType().noDefaultValue(),
                    auto("scale-up.max-factor").doubleType().noDefaultValue(),
                    auto("catch-up.duration").durationType().noDefaultValue(),
                    auto("restart.time").durationType().noDefaultValue(),
                    auto("restart.time-tracking.enabled").booleanType().noDefaultValue(),
                    auto("restart.time-tracking.limit").durationType().noDefaultValue(),
                    auto("backlog-processing.lag-threshold").durationType().noDefaultValue(),
                    auto("memory.tuning.enabled").booleanType().noDefaultValue(),
                    auto("history.max.count").intType().noDefaultValue(),
                    auto("history.max.age").durationType().noDefaultValue());

    /** Keys the operator deprecated; setting them works today but not for long. */
    static final Map<String, String> AUTOSCALER_DEPRECATED =
            Map.of(
                    "job.autoscaler.target.utilization", "job.autoscaler.utilization.target",
                    "job.autoscaler.target.utilization.boundary",
                            "job.autoscaler.utilization.min / .max",
                    "job.autoscaler.scale-up.grace-period", "job.autoscaler.scale-down.interval");

    private final Map<String, ConfigOption<?>> current;
    private final Map<String, String> deprecated;
    private final Map<String, ConfigOption<?>> reporterOptions;

    private FlinkConfigKeys(
            Map<String, ConfigOption<?>> current,
            Map<String, String> deprecated,
            Map<String, ConfigOption<?>> reporterOptions) {
        this.current = current;
        this.deprecated = deprecated;
        this.reporterOptions = reporterOptions;
    }

    private static ConfigOptions.OptionBuilder auto(String key) {
        return ConfigOptions.key("job.autoscaler." + key);
    }

    /** Reflects over flink-core's option classes once. */
    static FlinkConfigKeys load() {
        Map<String, ConfigOption<?>> current = new TreeMap<>();
        Map<String, String> deprecated = new TreeMap<>();
        Map<String, ConfigOption<?>> reporter = new TreeMap<>();
        for (Class<?> c : optionClasses()) {
            for (Field f : c.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())
                        || !ConfigOption.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                ConfigOption<?> o = (ConfigOption<?>) get(f);
                if (c == MetricOptions.class && f.getName().startsWith("REPORTER_")) {
                    // Keys relative to metrics.reporter.<name>.
                    reporter.put(o.key(), o);
                    continue;
                }
                if (f.isAnnotationPresent(Deprecated.class)) {
                    deprecated.put(o.key(), "(option deprecated in " + c.getSimpleName() + ")");
                } else {
                    current.put(o.key(), o);
                }
                for (FallbackKey k : o.fallbackKeys()) {
                    deprecated.putIfAbsent(k.getKey(), o.key());
                }
            }
        }
        for (ConfigOption<?> o : AUTOSCALER) {
            current.put(o.key(), o);
        }
        deprecated.putAll(AUTOSCALER_DEPRECATED);
        deprecated.keySet().removeAll(current.keySet());
        return new FlinkConfigKeys(current, deprecated, reporter);
    }

    int size() {
        return current.size();
    }

    /**
     * Problems with one configuration entry: an unknown or deprecated key, or a value Flink cannot
     * parse as the option's type. {@code reporterParams} are the reporter-specific parameters the
     * configured reporter factory reads (e.g. {@code port}).
     */
    Optional<String> check(String key, String value, Map<String, List<String>> reporterParams) {
        if (key.startsWith(REPORTER_PREFIX)) {
            return checkReporter(key, value, reporterParams);
        }
        ConfigOption<?> o = current.get(key);
        if (o == null) {
            String replacement = deprecated.get(key);
            return Optional.of(
                    replacement != null
                            ? key + " is deprecated, use " + replacement
                            : key + " is not a Flink or autoscaler configuration key");
        }
        return parse(o, key, value);
    }

    private Optional<String> checkReporter(
            String key, String value, Map<String, List<String>> reporterParams) {
        String rest = key.substring(REPORTER_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            return Optional.of(key + " names no reporter option");
        }
        String reporter = rest.substring(0, dot);
        String option = rest.substring(dot + 1);
        ConfigOption<?> o = reporterOptions.get(option);
        if (o != null) {
            return parse(o, key, value);
        }
        if (reporterParams.getOrDefault(reporter, List.of()).contains(option)) {
            return Optional.empty();
        }
        return Optional.of(
                key
                        + ": '"
                        + option
                        + "' is neither a reporter option "
                        + reporterOptions.keySet()
                        + " nor a parameter of reporter "
                        + reporter
                        + "'s factory "
                        + reporterParams.getOrDefault(reporter, List.of()));
    }

    private static Optional<String> parse(ConfigOption<?> o, String key, String value) {
        Map<String, String> one = new LinkedHashMap<>();
        one.put(o.key(), value);
        try {
            Configuration.fromMap(one).get(o);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(key + ": value '" + value + "' is invalid: " + e.getMessage());
        }
    }

    /** A Duration value as Flink parses it. */
    static Duration duration(String value) {
        return org.apache.flink.util.TimeUtils.parseDuration(value);
    }

    private static List<Class<?>> optionClasses() {
        Path jar;
        try {
            jar =
                    Path.of(
                            ConfigOption.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            return Collections.list(j.entries()).stream()
                    .map(e -> e.getName())
                    .filter(n -> n.startsWith("org/apache/flink/configuration/"))
                    .filter(n -> n.endsWith("Options.class") && !n.contains("$"))
                    .filter(n -> n.indexOf('/', "org/apache/flink/configuration/".length()) < 0)
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .<Class<?>>map(FlinkConfigKeys::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, FlinkConfigKeys.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object get(Field f) {
        try {
            return f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
