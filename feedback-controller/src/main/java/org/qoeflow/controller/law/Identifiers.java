package org.qoeflow.controller.law;

import java.util.regex.Pattern;

/**
 * Syntax of the identifiers a score may carry (node id, region, device class, model variant): the
 * controller's copy of the rule the job's telemetry validator applies, kept in this one place so
 * the two can be merged.
 */
public final class Identifiers {
    /** A letter or digit, then up to 127 letters, digits, '.', '_', ':' or '-'; never '/'. */
    public static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private Identifiers() {}

    public static boolean valid(String id) {
        return id != null && SYNTAX.matcher(id).matches();
    }
}
