package org.qoeflow.controller.law;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.qoeflow.common.Durations;

/**
 * {@code name=value} overrides of the control law's options, the one parser behind every command's
 * {@code --law}: a name is a component of {@link ControlOptions} or {@link LawOptions}, a value is
 * parsed by the component's type, and the options' own constructor checks the range.
 */
public final class LawOverrides {
    /** No overrides: the options stay as given. */
    public static final LawOverrides NONE = new LawOverrides(Map.of());

    private static final List<Class<? extends Record>> TYPES =
            List.of(ControlOptions.class, LawOptions.class);

    private final Map<String, String> values;

    private LawOverrides(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code name=value} items (a later item for the same name wins). An unknown name, a
     * missing {@code =} or a value of the wrong type fails here, naming it; ranges are checked when
     * the overrides are applied.
     */
    public static LawOverrides parse(List<String> items) {
        if (items == null || items.isEmpty()) {
            return NONE;
        }
        SortedMap<String, Class<?>> known = names();
        Map<String, String> values = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item == null ? -1 : item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "--law must be name=value, got '" + item + "'; names: " + known.keySet());
            }
            String name = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            Class<?> type = known.get(name);
            if (type == null) {
                throw new IllegalArgumentException(
                        "--law "
                                + item
                                + ": unknown law option '"
                                + name
                                + "'; known: "
                                + known.keySet());
            }
            convert(name, value, type);
            values.put(name, value);
        }
        return new LawOverrides(Map.copyOf(values));
    }

    /** Every option name with its type, sorted. */
    public static SortedMap<String, Class<?>> names() {
        SortedMap<String, Class<?>> out = new TreeMap<>();
        for (Class<? extends Record> t : TYPES) {
            for (RecordComponent c : t.getRecordComponents()) {
                if (out.put(c.getName(), c.getType()) != null) {
                    throw new IllegalStateException("law option " + c.getName() + " is ambiguous");
                }
            }
        }
        return out;
    }

    /** True when nothing is overridden. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The overridden names and their values as given. */
    public Map<String, String> values() {
        return values;
    }

    /** {@code base} with the overrides of its components; validated by its constructor. */
    public ControlOptions applyTo(ControlOptions base) {
        return with(base);
    }

    /** {@code base} with the overrides of its components; validated by its constructor. */
    public LawOptions applyTo(LawOptions base) {
        return with(base);
    }

    private <R extends Record> R with(R base) {
        RecordComponent[] components = base.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String value = values.get(c.getName());
            if (value != null) {
                args[i] = convert(c.getName(), value, c.getType());
                changed.add(c.getName() + "=" + value);
            } else {
                args[i] = read(c, base);
            }
        }
        if (changed.isEmpty()) {
            return base;
        }
        try {
            @SuppressWarnings("unchecked")
            Constructor<R> canonical =
                    (Constructor<R>) base.getClass().getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                // The constructor names the component it refused: point at that override.
                String culprit =
                        changed.stream()
                                .filter(c -> invalid.getMessage().startsWith(c.split("=")[0] + " "))
                                .findFirst()
                                .orElse(String.join(" ", changed));
                throw new IllegalArgumentException(
                        "--law " + culprit + ": " + invalid.getMessage(), invalid);
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object convert(String name, String value, Class<?> type) {
        try {
            if (type == double.class) {
                double d = Double.parseDouble(value);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            }
            if (type == int.class) {
                return Integer.parseInt(value);
            }
            if (type == boolean.class) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new NumberFormatException();
                }
                return Boolean.parseBoolean(value);
            }
            if (type == Duration.class) {
                return Durations.parse(value);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--law "
                            + name
                            + "="
                            + value
                            + ": "
                            + name
                            + " must be "
                            + kind(type)
                            + ", got '"
                            + value
                            + "'");
        }
        throw new IllegalStateException("law option " + name + " has unsupported type " + type);
    }

    private static String kind(Class<?> type) {
        if (type == double.class) {
            return "a finite number";
        }
        if (type == int.class) {
            return "a whole number";
        }
        if (type == boolean.class) {
            return "true or false";
        }
        return "a duration such as 500ms, 5s, 2m or 1h";
    }
}
