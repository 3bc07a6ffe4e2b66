package org.qoeflow.qoe;

/** Makes hostile text safe to put in a message: bounded length, no control characters. */
public final class Bounded {
    private Bounded() {}

    /** At most {@code max} characters of {@code s}, control characters as '?', "..." if cut. */
    public static String text(String s, int max) {
        if (s == null) {
            return "null";
        }
        int n = Math.min(s.length(), max);
        StringBuilder b = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        return s.length() > max ? b.append("...").toString() : b.toString();
    }
}
