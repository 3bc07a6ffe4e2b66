package org.qoeflow.router;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses the answer to HAProxy's {@code show servers state <backend>}: a format version line
 * ({@code 1}), a {@code #}-prefixed header naming the columns, then one line per server. Columns
 * are found by header name, so added columns in later HAProxy versions do not break it.
 */
public final class ServersState {
    private ServersState() {}

    /** Server to current (user-visible) weight, {@code srv_uweight}. */
    public static Map<ServerRef, Integer> weights(String answer) {
        List<String> lines = answer.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty() || !lines.get(0).equals("1")) {
            throw new IllegalArgumentException(
                    "not a 'show servers state' answer of format 1: " + firstLine(answer));
        }
        if (lines.size() < 2 || !lines.get(1).startsWith("#")) {
            throw new IllegalArgumentException("'show servers state' answer has no header line");
        }
        List<String> header = Arrays.asList(lines.get(1).substring(1).strip().split("\\s+"));
        int backend = column(header, "be_name");
        int server = column(header, "srv_name");
        int weight = column(header, "srv_uweight");
        Map<ServerRef, Integer> out = new TreeMap<>();
        for (String line : lines.subList(2, lines.size())) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length < header.size()) {
                throw new IllegalArgumentException(
                        "'show servers state' line has "
                                + f.length
                                + " of "
                                + header.size()
                                + " columns: "
                                + line);
            }
            try {
                out.put(new ServerRef(f[backend], f[server]), Integer.parseInt(f[weight]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "'show servers state' weight is not a number: " + line, e);
            }
        }
        return out;
    }

    private static int column(List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "'show servers state' header has no column " + name + ": " + header);
        }
        return i;
    }

    private static String firstLine(String s) {
        String first = s.lines().findFirst().orElse("").strip();
        return first.isEmpty() ? "(empty)" : "'" + first + "'";
    }
}
