package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The options table of docs/control.md lists every option, in its group, with its default. */
class OptionsTableTest {
    private static final Pattern ROW =
            Pattern.compile("^\\| (\\w+) \\| `(\\w+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    @Test
    void docsTableMatchesTheDefaults() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "control.md"));
        Map<String, List<String>> groups = new LinkedHashMap<>();
        List<String> items = new ArrayList<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            groups.computeIfAbsent(m.group(1), g -> new ArrayList<>()).add(m.group(2));
            items.add(m.group(1) + "." + m.group(2) + "=" + m.group(3).trim());
        }
        assertThat(groups).isEqualTo(LawOverrides.groups());
        // Each documented default, read back as an override, changes nothing.
        assertThat(LawOverrides.parse(items).applyTo(LawOptions.DEFAULTS))
                .isEqualTo(LawOptions.DEFAULTS);
    }
}
