package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Temporary: the grouped options keep every default and range of the two flat records. */
class LegacyEquivalenceTest {
    private static Map<String, Object> flat(Record... records) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Record r : records) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                Object v = c.getAccessor().invoke(r);
                if (v instanceof Record nested) {
                    out.putAll(flat(nested));
                } else {
                    assertThat(out.put(c.getName(), v)).as(c.getName()).isNull();
                }
            }
        }
        return out;
    }

    @Test
    void everyDefaultIsKept() throws Exception {
        Map<String, Object> old = flat(LegacyControlOptions.DEFAULTS, LegacyLawOptions.DEFAULTS);
        Map<String, Object> neu = flat(LawOptions.DEFAULTS);
        assertThat(old).hasSize(40);
        assertThat(neu).containsExactlyInAnyOrderEntriesOf(old);
    }

    /** Values at, just inside and just outside each old bound, by name. */
    private static List<String> probes(String name, Object dflt) {
        List<String> out = new ArrayList<>();
        if (dflt instanceof Double) {
            for (double v :
                    new double[] {
                        -1, -1e-9, 0, 1e-9, 0.001, 0.0009, 0.01, 0.0099, 0.05, 0.049, 0.1, 0.1001,
                        0.5, 0.5001, 1, 1.0001, 0.9999, 1.5, 2, 10, 10.001, 49, 50, 75, 100, 100.1,
                        400, 3000, 3001, 1e5, 1e5 + 1, 1e6, 1e6 + 1
                    }) {
                out.add(name + "=" + v);
            }
        } else if (dflt instanceof Integer) {
            for (int v : new int[] {-1, 0, 1, 2, 100, 101}) {
                out.add(name + "=" + v);
            }
        } else if (dflt instanceof java.time.Duration) {
            out.add(name + "=0s");
            out.add(name + "=1ms");
        }
        return out;
    }

    @Test
    void everyRangeIsKept() throws Exception {
        Map<String, Object> old = flat(LegacyControlOptions.DEFAULTS, LegacyLawOptions.DEFAULTS);
        int probed = 0;
        for (Map.Entry<String, Object> e : old.entrySet()) {
            for (String item : probes(e.getKey(), e.getValue())) {
                LawOverrides o = LawOverrides.parse(List.of(item));
                boolean oldOk = accepts(() -> legacyApply(item));
                boolean newOk = accepts(() -> o.applyTo(LawOptions.DEFAULTS));
                assertThat(newOk).as(item).isEqualTo(oldOk);
                probed++;
            }
        }
        assertThat(probed).isGreaterThan(1000);
        // A rejected value still names the option.
        assertThatThrownBy(
                        () ->
                                LawOverrides.parse(List.of("minAdmit=2"))
                                        .applyTo(LawOptions.DEFAULTS))
                .hasMessageContaining("minAdmit");
    }

    /** The old records built by hand through reflection: set one component, keep the rest. */
    private static void legacyApply(String item) throws Exception {
        String name = item.substring(0, item.indexOf('='));
        String value = item.substring(item.indexOf('=') + 1);
        for (Record base :
                new Record[] {LegacyControlOptions.DEFAULTS, LegacyLawOptions.DEFAULTS}) {
            RecordComponent[] cs = base.getClass().getRecordComponents();
            Object[] args = new Object[cs.length];
            Class<?>[] types = new Class<?>[cs.length];
            boolean hit = false;
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                if (cs[i].getName().equals(name)) {
                    hit = true;
                    args[i] =
                            types[i] == double.class
                                    ? (Object) Double.parseDouble(value)
                                    : types[i] == int.class
                                            ? (Object) Integer.parseInt(value)
                                            : org.qoeflow.common.Durations.parse(value);
                } else {
                    args[i] = cs[i].getAccessor().invoke(base);
                }
            }
            if (hit) {
                try {
                    base.getClass().getDeclaredConstructor(types).newInstance(args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw (Exception) e.getCause();
                }
            }
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static boolean accepts(Call c) {
        try {
            c.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
