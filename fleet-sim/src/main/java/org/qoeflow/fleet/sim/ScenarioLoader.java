package org.qoeflow.fleet.sim;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.qoeflow.common.Durations;
import org.qoeflow.fleet.sim.Scenario.FaultKind;

/**
 * Reads scenario files (YAML, or JSON which is YAML too) and the built-in catalog. Every error
 * names the offending field by its path, e.g. {@code cloud.nodes.max} or {@code faults[2].kind}.
 */
public final class ScenarioLoader {
    /** The built-in catalog, on the classpath as {@code scenarios/NAME.yaml}. */
    public static final List<String> CATALOG =
            List.of(
                    "traffic-peak",
                    "thermal-wave",
                    "slow-node",
                    "error-burst",
                    "bandwidth-collapse",
                    "telemetry-blackout",
                    "bad-model-rollout",
                    "region-brownout",
                    "three-regions-far",
                    "embedded-heavy",
                    "phones-only-ramp",
                    "overload-12k",
                    "flapping-node",
                    "bandwidth-decay",
                    "heavy-rollout",
                    "overlapping-faults");

    /**
     * The fleet of the demo and of {@code qoeflow fleet} (and the base of the anomaly fleet
     * evaluation): built in, not part of the catalog's {@code all}.
     */
    public static final String DEMO = "demo";

    private static final String DURATION =
            "must be a duration such as 500ms, 90s, 5m or 1h (or milliseconds)";

    private static final ObjectMapper YAML = mapper();

    private ScenarioLoader() {}

    /** A catalog name or a file path. */
    public static Scenario load(String nameOrPath) {
        if (CATALOG.contains(nameOrPath) || DEMO.equals(nameOrPath)) {
            String resource = "scenarios/" + nameOrPath + ".yaml";
            try (InputStream in =
                    ScenarioLoader.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("catalog scenario missing: " + resource);
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(
                    "scenario '"
                            + nameOrPath
                            + "' is neither a catalog name "
                            + CATALOG
                            + " nor a readable file");
        }
        try {
            return parse(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses scenario text; errors name the field. */
    public static Scenario parse(String text) {
        JsonNode root;
        try {
            // The whole text parses before binding, so a syntax error is not reported as a type.
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "scenario is not valid YAML/JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("scenario must be a mapping at the top level");
        }
        try {
            return YAML.treeToValue(root, ScenarioDoc.class).toScenario();
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("scenario: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectMapper mapper() {
        ObjectMapper m =
                YAMLMapper.builder()
                        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                        // Fault kinds in any case, as SLOW_NODE or slow-node too.
                        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_VALUES)
                        .addModule(
                                new SimpleModule()
                                        .addDeserializer(Duration.class, new DurationParser()))
                        .build();
        // A name given as 12 or true is a mistake, not a string.
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    /** Jackson's error as {@code scenario field PATH: what was wrong}. */
    private static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        String message;
        if (e instanceof InvalidTypeIdException t) {
            path.append(".kind");
            message =
                    t.getTypeId() == null
                            ? "is required"
                            : "unknown fault kind '"
                                    + t.getTypeId()
                                    + "'; known: "
                                    + Arrays.stream(FaultKind.values())
                                            .map(k -> k.name().toLowerCase(Locale.ROOT))
                                            .collect(Collectors.joining(", "));
        } else if (e instanceof UnrecognizedPropertyException u) {
            message = "unknown field; allowed here: " + sorted(u.getKnownPropertyIds());
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            message = expected(m.getTargetType()) + got(m);
        } else {
            message = e.getOriginalMessage();
        }
        return path.isEmpty() ? "scenario: " + message : "scenario field " + path + ": " + message;
    }

    private static String expected(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        } else if (type == String.class) {
            return "must be a non-empty string";
        } else if (type == Duration.class) {
            return DURATION;
        } else if (Collection.class.isAssignableFrom(type)) {
            return "must be a list";
        }
        return "must be a mapping";
    }

    private static String got(MismatchedInputException e) {
        if (e instanceof InvalidFormatException f && f.getValue() != null) {
            return ", got '" + f.getValue() + "'";
        }
        if (e.getProcessor() instanceof JsonParser p
                && p.currentToken() != null
                && p.currentToken().isScalarValue()) {
            try {
                return ", got '" + p.getText() + "'";
            } catch (IOException ignored) {
                return "";
            }
        }
        return "";
    }

    private static List<String> sorted(Collection<Object> names) {
        return names.stream().map(String::valueOf).sorted().toList();
    }

    /** {@code 90s}, {@code 5m} (the project's {@link Durations}) or a number of milliseconds. */
    private static final class DurationParser extends StdScalarDeserializer<Duration> {
        DurationParser() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken().isNumeric()) {
                return Duration.ofMillis(p.getValueAsLong());
            }
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            try {
                return Durations.parse(p.getText());
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(p, e.getMessage(), p.getText(), Duration.class);
            }
        }
    }
}
