package org.qoeflow.anomaly;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * Applies {@code name=value} overrides to an {@link AnomalyOptions.Builder} (any setter; lists as
 * {@code 1,5,25}), so evaluations can score a variant of the shipped options from the command line.
 */
public final class OptionOverrides {
    private OptionOverrides() {}

    /** {@code base} with every {@code name=value} of {@code assignments} applied, validated. */
    public static AnomalyOptions apply(AnomalyOptions base, List<String> assignments) {
        AnomalyOptions.Builder b = base.toBuilder();
        for (String a : assignments) {
            set(b, a);
        }
        return b.build();
    }

    /** Applies one {@code name=value}; an unknown name or unparsable value throws naming it. */
    public static void set(AnomalyOptions.Builder b, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(
                    "detector option '" + assignment + "' is not of the form name=value");
        }
        String key = assignment.substring(0, eq);
        String value = assignment.substring(eq + 1);
        for (Method m : AnomalyOptions.Builder.class.getMethods()) {
            if (!m.getName().equals(key)
                    || m.getParameterCount() != 1
                    || m.getReturnType() != AnomalyOptions.Builder.class) {
                continue;
            }
            Class<?> t = m.getParameterTypes()[0];
            try {
                Object v;
                if (t == int.class) {
                    v = Integer.parseInt(value);
                } else if (t == long.class) {
                    v = Long.parseLong(value);
                } else if (t == double.class) {
                    v = Double.parseDouble(value);
                } else if (t == boolean.class) {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new NumberFormatException("not true or false");
                    }
                    v = Boolean.parseBoolean(value);
                } else {
                    v = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
                }
                m.invoke(b, v);
                return;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "detector option " + key + ": cannot parse '" + value + "'", e);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot set " + key, e);
            }
        }
        throw new IllegalArgumentException("unknown detector option '" + key + "'");
    }
}
