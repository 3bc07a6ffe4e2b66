package org.qoeflow.router;

import java.util.regex.Pattern;

/**
 * One HAProxy server, {@code <backend>/<server>}: the unit a routing weight is applied to. Names
 * are restricted to HAProxy's own character set, so a name can never smuggle a second runtime API
 * command (';' or a newline) into a line sent to the stats socket.
 */
public record ServerRef(String backend, String server) implements Comparable<ServerRef> {
    /** HAProxy's rule for proxy and server names: letters, digits, '-', '_', '.' and ':'. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    public ServerRef {
        requireName("backend", backend);
        requireName("server", server);
    }

    /** Parses {@code <backend>/<server>}. */
    public static ServerRef parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected <backend>/<server>, got nothing");
        }
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            throw new IllegalArgumentException(
                    "expected <backend>/<server> with exactly one '/', got '" + text + "'");
        }
        return new ServerRef(text.substring(0, slash), text.substring(slash + 1));
    }

    /** Throws unless {@code name} is a valid HAProxy proxy or server name. */
    static void requireName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    what
                            + " name '"
                            + name
                            + "' must be 1-128 letters, digits, '-', '_', '.' or ':'");
        }
    }

    @Override
    public int compareTo(ServerRef o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return backend + "/" + server;
    }
}
