package io.tidepool.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.tidepool.platform.Settings;

/**
 * The files the deployment descriptions must agree with, read as the build reads them: liberty/server.xml's
 * variables, the pom's properties, liberty/jvm.options, and the settings table of docs/configuration.md.
 */
public final class ProjectFiles {

    private static final Pattern DOCUMENTED_SETTING = Pattern.compile("^\\| `(tidepool\\.[a-z0-9.<>-]+)` \\| `?([^`|]*)`?",
            Pattern.MULTILINE);
    private static final Pattern MAX_HEAP = Pattern.compile("^-Xmx(\\S+)$", Pattern.MULTILINE);

    private final Path root;
    private final Document serverXml;
    private final Document pom;

    public ProjectFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.serverXml = xml(this.root.resolve("liberty/server.xml"));
        this.pom = xml(this.root.resolve("pom.xml"));
    }

    /** The repository the tests run in: Maven's basedir (the working directory of surefire and failsafe). */
    public static ProjectFiles ofThisRepository() {
        return new ProjectFiles(Path.of(System.getProperty("basedir", System.getProperty("user.dir"))));
    }

    public Path root() {
        return root;
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    public String read(String relative) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** server.xml's {@code <variable>} elements: name to value, or to defaultValue when it has no value. */
    public Map<String, String> serverVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        NodeList nodes = serverXml.getElementsByTagName("variable");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element variable = (Element) nodes.item(i);
            String value = variable.hasAttribute("value") ? variable.getAttribute("value") : variable.getAttribute("defaultValue");
            variables.put(variable.getAttribute("name"), value);
        }
        return variables;
    }

    public String serverVariable(String name) {
        String value = serverVariables().get(name);
        if (value == null) {
            throw new IllegalStateException("liberty/server.xml has no variable " + name);
        }
        return value;
    }

    public int port(String variable) {
        return Integer.parseInt(serverVariable(variable));
    }

    /** Every element of server.xml with this tag, in document order. */
    public List<Element> serverElements(String tag) {
        NodeList nodes = serverXml.getElementsByTagName(tag);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    /** The first element of server.xml with this tag and id (or the first of that tag when id is null). */
    public Element serverElement(String tag, String id) {
        return serverElements(tag).stream().filter(element -> id == null || id.equals(element.getAttribute("id")))
                .findFirst().orElseThrow(() -> new IllegalStateException("liberty/server.xml has no <" + tag + "> with id " + id));
    }

    public String pomProperty(String name) {
        NodeList nodes = pom.getElementsByTagName("properties");
        Element properties = (Element) nodes.item(0);
        NodeList matches = properties.getElementsByTagName(name);
        if (matches.getLength() == 0) {
            throw new IllegalStateException("pom.xml has no property " + name);
        }
        return matches.item(0).getTextContent().trim();
    }

    /** Every key of docs/configuration.md's tables with its default as written there. */
    public Map<String, String> documentedSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher matcher = DOCUMENTED_SETTING.matcher(read("docs/configuration.md"));
        while (matcher.find()) {
            settings.put(matcher.group(1), matcher.group(2).trim());
        }
        return settings;
    }

    /** The keys a TIDEPOOL_* environment variable can set: server.xml's variables and the documented settings. */
    public Map<String, String> settingsByEnvironmentName() {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String key : serverVariables().keySet()) {
            byName.put(Settings.environmentName(key), key);
        }
        for (String key : documentedSettings().keySet()) {
            byName.put(Settings.environmentName(key), key);
        }
        return byName;
    }

    /** The -Xmx of liberty/jvm.options in bytes. */
    public long maxHeapBytes() {
        Matcher matcher = MAX_HEAP.matcher(read("liberty/jvm.options"));
        if (!matcher.find()) {
            throw new IllegalStateException("liberty/jvm.options sets no -Xmx");
        }
        return Quantities.bytes(matcher.group(1));
    }

    public Optional<String> documentedDefault(String key) {
        return Optional.ofNullable(documentedSettings().get(key));
    }

    private static Document xml(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + file, e);
        }
    }
}
