package io.tidepool.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The JDBC URL the server's data sources use, read from liberty/server.xml and resolved with the
 * variables' defaults, so the in-JVM floor runs DuckDB with exactly the server's settings (threads,
 * memory limit, sandbox, UTC, streaming results) and cannot drift from them.
 */
final class ServerDatabaseUrl {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private ServerDatabaseUrl() {
    }

    static String resolve(Path serverXml, Path databaseFile) throws Exception {
        Map<String, String> variables = new HashMap<>();
        NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(serverXml.toFile())
                .getElementsByTagName("variable");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element variable = (Element) nodes.item(i);
            String value = variable.hasAttribute("value") ? variable.getAttribute("value") : variable.getAttribute("defaultValue");
            variables.put(variable.getAttribute("name"), value);
        }
        variables.put("server.config.dir", serverXml.getParent().toAbsolutePath().toString());
        // Directories below the server's output (the export staging area in allowed_directories) go beside the file.
        variables.put("server.output.dir", databaseFile.toAbsolutePath().getParent().toString());
        variables.put("tidepool.db.path", databaseFile.toAbsolutePath().toString());
        // -Dbench.db.threads=N measures the floor with another thread count (the tuning table in docs/benchmarks.md).
        String threads = System.getProperty("bench.db.threads");
        if (threads != null && !threads.isBlank()) {
            variables.put("tidepool.db.threads", threads);
        }
        return substitute(variables.get("tidepool.db.url"), variables);
    }

    private static String substitute(String text, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("server.xml uses ${" + m.group(1) + "} without a default");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(substitute(value, variables)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
