package io.tidepool.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile as the builder reads it, for tests: comments dropped, continuation lines joined, instructions
 * grouped by build stage. Only the instructions these tests look at are interpreted (FROM, WORKDIR, COPY,
 * ENV, ARG, EXPOSE, USER, VOLUME, RUN); parser directives and heredocs are not supported.
 */
public record Dockerfile(List<Stage> stages) {

    /** One instruction, with the line it starts on for messages. */
    public record Instruction(String keyword, String arguments, int line) {
    }

    /** COPY [--from=stage] [--chown=...] source... destination; from is empty for the build context. */
    public record Copy(Optional<String> from, List<String> sources, String destination, Optional<String> chown, int line) {
    }

    public record Stage(String image, Optional<String> name, List<Instruction> instructions) {

        public List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        /** The working directory at the end of the stage ("/" when none is set). */
        public String workdir() {
            List<Instruction> workdirs = all("WORKDIR");
            return workdirs.isEmpty() ? "/" : workdirs.get(workdirs.size() - 1).arguments().trim();
        }

        public List<Copy> copies() {
            return all("COPY").stream().map(Dockerfile::copy).toList();
        }

        /** ENV key=value pairs (and the legacy "ENV key value" form), later ones winning. */
        public Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction instruction : all("ENV")) {
                env.putAll(pairs(instruction.arguments()));
            }
            return env;
        }

        /** ARG names with their defaults ("" when none). */
        public Map<String, String> args() {
            Map<String, String> args = new LinkedHashMap<>();
            for (Instruction instruction : all("ARG")) {
                String text = instruction.arguments().trim();
                int equals = text.indexOf('=');
                args.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : unquote(text.substring(equals + 1)));
            }
            return args;
        }

        public List<Integer> exposedPorts() {
            List<Integer> ports = new ArrayList<>();
            for (Instruction instruction : all("EXPOSE")) {
                for (String port : words(instruction.arguments())) {
                    ports.add(Integer.parseInt(port.replaceFirst("/(tcp|udp)$", "")));
                }
            }
            return ports;
        }

        public List<String> volumes() {
            List<String> volumes = new ArrayList<>();
            for (Instruction instruction : all("VOLUME")) {
                String text = instruction.arguments().trim();
                if (text.startsWith("[")) {
                    volumes.addAll(jsonArray(text));
                } else {
                    volumes.addAll(words(text));
                }
            }
            return volumes;
        }

        /** The user the stage's last USER instruction sets, if any. */
        public Optional<String> user() {
            List<Instruction> users = all("USER");
            return users.isEmpty() ? Optional.empty() : Optional.of(users.get(users.size() - 1).arguments().trim());
        }

        public List<String> runs() {
            return all("RUN").stream().map(Instruction::arguments).toList();
        }
    }

    private static final Pattern FLAG = Pattern.compile("^--([a-z-]+)(?:=(\\S*))?$");
    private static final Pattern PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*)");

    public static Dockerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder pending = new StringBuilder();
        int startLine = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (pending.isEmpty()) {
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                startLine = i + 1;
            } else if (line.stripLeading().startsWith("#")) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            pending.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (continues) {
                continue;
            }
            String instruction = pending.toString().trim();
            pending.setLength(0);
            int space = instruction.indexOf(' ');
            String keyword = (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : instruction.substring(space + 1).trim();
            if (keyword.equals("FROM")) {
                List<String> words = words(arguments);
                String image = words.stream().filter(w -> !w.startsWith("--")).findFirst().orElseThrow();
                int as = words.stream().map(w -> w.toUpperCase(Locale.ROOT)).toList().indexOf("AS");
                current = new ArrayList<>();
                stages.add(new Stage(image, as < 0 ? Optional.empty() : Optional.of(words.get(as + 1)), current));
            } else if (current == null) {
                if (!keyword.equals("ARG")) {
                    throw new IllegalArgumentException("line " + startLine + ": " + keyword + " before the first FROM");
                }
            } else {
                current.add(new Instruction(keyword, arguments, startLine));
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no FROM instruction");
        }
        return new Dockerfile(List.copyOf(stages));
    }

    /** The stage the image is made of: the last one. */
    public Stage last() {
        return stages.get(stages.size() - 1);
    }

    public Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> s.name().filter(name::equals).isPresent()).findFirst();
    }

    static Copy copy(Instruction instruction) {
        List<String> words = words(instruction.arguments());
        Optional<String> from = Optional.empty();
        Optional<String> chown = Optional.empty();
        int first = 0;
        while (first < words.size()) {
            Matcher flag = FLAG.matcher(words.get(first));
            if (!flag.matches()) {
                break;
            }
            if (flag.group(1).equals("from")) {
                from = Optional.of(flag.group(2));
            } else if (flag.group(1).equals("chown")) {
                chown = Optional.of(flag.group(2));
            }
            first++;
        }
        List<String> paths = words.subList(first, words.size());
        String rest = String.join(" ", paths);
        if (rest.startsWith("[")) {
            paths = jsonArray(rest);
        }
        if (paths.size() < 2) {
            throw new IllegalArgumentException("line " + instruction.line() + ": COPY needs a source and a destination");
        }
        return new Copy(from, List.copyOf(paths.subList(0, paths.size() - 1)), paths.get(paths.size() - 1), chown,
                instruction.line());
    }

    static Map<String, String> pairs(String arguments) {
        Map<String, String> pairs = new LinkedHashMap<>();
        String text = arguments.trim();
        if (!text.contains("=") || text.indexOf(' ') >= 0 && text.indexOf(' ') < text.indexOf('=')) {
            int space = text.indexOf(' ');
            pairs.put(text.substring(0, space), text.substring(space + 1).trim());
            return pairs;
        }
        Matcher matcher = PAIR.matcher(text);
        while (matcher.find()) {
            pairs.put(matcher.group(1), unquote(matcher.group(2)));
        }
        return pairs;
    }

    private static String unquote(String value) {
        String v = value.trim();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"");
        }
        return v;
    }

    private static List<String> words(String text) {
        return List.of(text.trim().split("\\s+")).stream().filter(w -> !w.isEmpty()).toList();
    }

    private static List<String> jsonArray(String text) {
        String inner = text.trim();
        inner = inner.substring(1, inner.lastIndexOf(']'));
        List<String> values = new ArrayList<>();
        for (String part : inner.split(",")) {
            values.add(unquote(part));
        }
        return values;
    }
}
