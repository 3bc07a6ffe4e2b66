package org.qoeflow.anomaly.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Labelled anomaly windows of a NAB corpus, read from {@code combined_windows.json}. */
public final class NabWindows {

    /** NAB timestamp format; the fraction of a second is optional. */
    public static final DateTimeFormatter TIMESTAMP =
            new DateTimeFormatterBuilder()
                    .appendPattern("yyyy-MM-dd HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
                    .optionalEnd()
                    .toFormatter();

    /** One labelled window, inclusive at both ends. */
    public record Window(LocalDateTime start, LocalDateTime end) {}

    private final Map<String, List<Window>> byFile;

    public NabWindows(Map<String, List<Window>> byFile) {
        this.byFile = Map.copyOf(byFile);
    }

    /** Reads a NAB windows file: a map from {@code <category>/<file>.csv} to timestamp pairs. */
    public static NabWindows read(Path json) {
        try {
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            Map<String, List<Window>> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<Window> windows = new ArrayList<>();
                for (JsonNode pair : e.getValue()) {
                    windows.add(
                            new Window(parse(pair.get(0).asText()), parse(pair.get(1).asText())));
                }
                map.put(e.getKey(), windows);
            }
            return new NabWindows(map);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read NAB windows " + json, e);
        }
    }

    public static LocalDateTime parse(String timestamp) {
        return LocalDateTime.parse(timestamp.trim(), TIMESTAMP);
    }

    /** Relative file keys ({@code <category>/<file>.csv}) in file order. */
    public List<String> files() {
        return List.copyOf(byFile.keySet());
    }

    public List<Window> windows(String file) {
        List<Window> w = byFile.get(file);
        if (w == null) {
            throw new IllegalArgumentException("no labels for " + file);
        }
        return w;
    }

    /**
     * Converts windows to inclusive row-index ranges {@code [start, end]}: the first row at or
     * after the window start and the last row at or before its end; empty windows are dropped.
     */
    public static List<int[]> toIndexRanges(List<Window> windows, LocalDateTime[] timestamps) {
        List<int[]> ranges = new ArrayList<>();
        for (Window w : windows) {
            int start = -1;
            int end = -1;
            for (int i = 0; i < timestamps.length; i++) {
                if (start < 0 && !timestamps[i].isBefore(w.start())) {
                    start = i;
                }
                if (!timestamps[i].isAfter(w.end())) {
                    end = i;
                }
            }
            if (start >= 0 && end >= start) {
                ranges.add(new int[] {start, end});
            }
        }
        return ranges;
    }
}
