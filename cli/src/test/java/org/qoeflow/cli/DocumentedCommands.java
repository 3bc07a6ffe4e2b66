package org.qoeflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code qoeflow ...} command lines written in a Markdown file: lines of fenced code
 * blocks that start with {@code qoeflow} or {@code ./qoeflow} (with {@code \} continuations), and
 * inline code spans that do; each split into shell words up to a comment, pipe or redirection.
 */
final class DocumentedCommands {
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern INLINE = Pattern.compile("`([^`]+)`");
    private static final Pattern COMMAND =
            Pattern.compile("^(?:\\$\\s+)?(?:\\./)?qoeflow(\\s.*)?$");
    private static final Set<String> SHELL_STOPS =
            Set.of("|", "||", "&&", ";", "&", ">", ">>", "2>", "2>&1", "<");

    /** One documented command line: where it is written and the words after {@code qoeflow}. */
    record Command(int line, String text, List<String> args) {}

    private DocumentedCommands() {}

    /** Every command line in {@code markdown}, in order, with 1-based line numbers. */
    static List<Command> find(String markdown) {
        String[] lines = markdown.split("\n", -1);
        List<Command> out = new ArrayList<>();
        boolean fenced = false;
        List<Integer> block = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (FENCE.matcher(lines[i]).find()) {
                inline(lines, block, out);
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                int start = i;
                StringBuilder text = new StringBuilder(lines[i].strip());
                while (text.toString().endsWith("\\") && i + 1 < lines.length) {
                    text.setLength(text.length() - 1);
                    text.append(' ').append(lines[++i].strip());
                }
                add(start + 1, text.toString(), out);
            } else if (lines[i].isBlank() || lines[i].stripLeading().startsWith("|")) {
                inline(lines, block, out);
                if (!lines[i].isBlank()) {
                    block.add(i); // a table row is a block of its own
                    inline(lines, block, out);
                }
            } else {
                block.add(i);
            }
        }
        inline(lines, block, out);
        return out;
    }

    /** The inline code spans of one paragraph (they may wrap over lines). */
    private static void inline(String[] lines, List<Integer> block, List<Command> out) {
        if (block.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        List<Integer> lineAt = new ArrayList<>();
        for (int i : block) {
            for (int c = 0; c <= lines[i].length(); c++) {
                lineAt.add(i + 1);
            }
            text.append(lines[i]).append('\n');
        }
        block.clear();
        Matcher m = INLINE.matcher(text);
        while (m.find()) {
            add(lineAt.get(m.start()), m.group(1).replace('\n', ' ').strip(), out);
        }
    }

    private static void add(int line, String text, List<Command> out) {
        Matcher m = COMMAND.matcher(text);
        if (m.matches()) {
            out.add(new Command(line, text, words(m.group(1) == null ? "" : m.group(1))));
        }
    }

    /**
     * Shell words, quotes removed, up to a comment or a pipe/redirection/separator; {@code [..]}
     * around optional parts of a synopsis is dropped.
     */
    static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (w != null && !endOfCommand(w.toString())) {
                    words.add(optional(w.toString()));
                } else if (w != null) {
                    return clean(words);
                }
                w = null;
            } else {
                if (w == null) {
                    if (c == '#') {
                        return clean(words);
                    }
                    w = new StringBuilder();
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else {
                    w.append(c);
                }
            }
        }
        if (w != null && !endOfCommand(w.toString())) {
            words.add(optional(w.toString()));
        }
        return clean(words);
    }

    private static boolean endOfCommand(String word) {
        return SHELL_STOPS.contains(word);
    }

    private static String optional(String word) {
        String s = word.startsWith("[") ? word.substring(1) : word;
        return s.endsWith("]") ? s.substring(0, s.length() - 1) : s;
    }

    private static List<String> clean(List<String> words) {
        words.removeIf(String::isEmpty);
        return words;
    }
}
