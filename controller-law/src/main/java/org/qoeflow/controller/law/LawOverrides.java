package org.qoeflow.controller.law;

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
 * {@code --law}: a name is a component of one of the {@link LawOptions} groups, given either alone
 * ({@code slaMs}, every component name is unique) or with its group ({@code offload.slaMs}); a
 * value is parsed by the component's type, and the group's own constructor checks the range.
 */
public final class LawOverrides {
    /** No overrides: the options stay as given. */
    public static final LawOverrides NONE = new LawOverrides(Map.of(), Map.of());

    /** One option: its group (a component of {@link LawOptions}), name and type. */
    private record Option(String group, String name, Class<?> type) {
        String qualified() {
            return group + "." + name;
        }
    }

    private static final Map<String, Option> OPTIONS = index();

    /** Values by qualified name ({@code group.name}). */
    private final Map<String, String> values;

    /** The items as given, by qualified name, for messages. */
    private final Map<String, String> given;

    private LawOverrides(Map<String, String> values, Map<String, String> given) {
        this.values = values;
        this.given = given;
    }

    /**
     * Parses {@code name=value} items (a later item for the same option wins). An unknown name, a
     * missing {@code =} or a value of the wrong type fails here, naming it; ranges are checked when
     * the overrides are applied.
     */
    public static LawOverrides parse(List<String> items) {
        if (items == null || items.isEmpty()) {
            return NONE;
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> given = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item == null ? -1 : item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "--law must be name=value, got '" + item + "'; names: " + names().keySet());
            }
            String name = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            Option option = OPTIONS.get(name);
            if (option == null) {
                throw new IllegalArgumentException(
                        "--law "
                                + item
                                + ": unknown law option '"
                                + name
                                + "'; known: "
                                + names().keySet());
            }
            convert(name, value, option.type());
            values.put(option.qualified(), value);
            given.put(option.qualified(), name + "=" + value);
        }
        return new LawOverrides(Map.copyOf(values), Map.copyOf(given));
    }

    /** Every option by its qualified name ({@code group.name}) with its type, sorted. */
    public static SortedMap<String, Class<?>> names() {
        SortedMap<String, Class<?>> out = new TreeMap<>();
        for (Option o : OPTIONS.values()) {
            out.put(o.qualified(), o.type());
        }
        return out;
    }

    /** The option names of each group, in the groups' and components' declared order. */
    public static Map<String, List<String>> groups() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (RecordComponent g : LawOptions.class.getRecordComponents()) {
            List<String> names = new ArrayList<>();
            for (RecordComponent c : g.getType().getRecordComponents()) {
                names.add(c.getName());
            }
            out.put(g.getName(), List.copyOf(names));
        }
        return out;
    }

    /** Simple and qualified names of every option; a simple name used twice is a bug here. */
    private static Map<String, Option> index() {
        Map<String, Option> out = new LinkedHashMap<>();
        for (RecordComponent g : LawOptions.class.getRecordComponents()) {
            if (!g.getType().isRecord()) {
                throw new IllegalStateException(
                        "law option group " + g.getName() + " is no record");
            }
            for (RecordComponent c : g.getType().getRecordComponents()) {
                Option o = new Option(g.getName(), c.getName(), c.getType());
                if (out.put(o.name(), o) != null || out.put(o.qualified(), o) != null) {
                    throw new IllegalStateException("law option " + c.getName() + " is ambiguous");
                }
            }
        }
        return Map.copyOf(out);
    }

    /** True when nothing is overridden. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The overridden options by qualified name ({@code group.name}) and their values as given. */
    public Map<String, String> values() {
        return values;
    }

    /**
     * {@code base} with the overrides of its components; each group validated by its constructor.
     */
    public LawOptions applyTo(LawOptions base) {
        if (values.isEmpty()) {
            return base;
        }
        RecordComponent[] groups = LawOptions.class.getRecordComponents();
        Object[] args = new Object[groups.length];
        Class<?>[] types = new Class<?>[groups.length];
        for (int i = 0; i < groups.length; i++) {
            types[i] = groups[i].getType();
            args[i] = with(groups[i].getName(), (Record) read(groups[i], base));
        }
        return construct(LawOptions.class, types, args, Map.of());
    }

    private Record with(String group, Record base) {
        RecordComponent[] components = base.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        Map<String, String> changed = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String key = group + "." + c.getName();
            String value = values.get(key);
            if (value != null) {
                args[i] = convert(c.getName(), value, c.getType());
                changed.put(c.getName(), given.get(key));
            } else {
                args[i] = read(c, base);
            }
        }
        if (changed.isEmpty()) {
            return base;
        }
        return construct(base.getClass(), types, args, changed);
    }

    /** Calls the canonical constructor; a refused value names the override that set it. */
    private static <R> R construct(
            Class<R> type, Class<?>[] types, Object[] args, Map<String, String> changed) {
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                // The constructor names the component it refused: point at that override.
                String culprit =
                        changed.entrySet().stream()
                                .filter(c -> invalid.getMessage().startsWith(c.getKey() + " "))
                                .map(Map.Entry::getValue)
                                .findFirst()
                                .orElse(String.join(" ", changed.values()));
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
