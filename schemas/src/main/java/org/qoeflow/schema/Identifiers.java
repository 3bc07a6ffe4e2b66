package org.qoeflow.schema;

/**
 * The one syntax of identifiers (node id, region, device class, model variant) in telemetry,
 * scores, control scopes ({@code offload/<device_class>}, {@code routing/<region>}, where {@code /}
 * separates) and metric labels: letters, digits and {@code . _ : -}, starting with a letter or
 * digit, at most 128 characters. Model versions may also carry {@code +} (semver build metadata).
 * Checked without a regex engine, since the job checks every event.
 */
public final class Identifiers {
    public static final String SYNTAX = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";
    public static final String VERSION_SYNTAX = "[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}";
    public static final int MAX_LENGTH = 128;

    private Identifiers() {}

    /** True when {@code v} matches {@link #SYNTAX}. */
    public static boolean valid(String v) {
        return matches(v, false);
    }

    /** True when {@code v} matches {@link #VERSION_SYNTAX}. */
    public static boolean validVersion(String v) {
        return matches(v, true);
    }

    private static boolean matches(String v, boolean version) {
        if (v == null) {
            return false;
        }
        int n = v.length();
        if (n == 0 || n > MAX_LENGTH || !alnum(v.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = v.charAt(i);
            if (!(alnum(c)
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '-'
                    || version && c == '+')) {
                return false;
            }
        }
        return true;
    }

    private static boolean alnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
