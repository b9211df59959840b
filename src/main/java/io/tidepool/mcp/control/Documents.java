package io.tidepool.mcp.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The documents an assistant reads as resources, packaged from docs/ into the WAR by the build (pom.xml), so that
 * what it reads is the contract of the server it talks to.
 */
public enum Documents {
    SCHEMA("schema.md", "tidepool://docs/schema.md", "Schema contract",
            "The tables, columns, types and meanings scripts and the query tool read, with example queries."),
    SCRIPTS("scripts.md", "tidepool://docs/scripts.md", "Script and SDK guide",
            "How to write a script against the bundled TypeScript SDK (@tidepool/sdk), its limits, sandbox and outcomes.");

    static final String RESOURCE_DIRECTORY = "io/tidepool/mcp/docs/";

    private final String file;
    private final String uri;
    private final String title;
    private final String description;

    Documents(String file, String uri, String title, String description) {
        this.file = file;
        this.uri = uri;
        this.title = title;
        this.description = description;
    }

    public String uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public String fileName() {
        return file;
    }

    public String text() {
        try (InputStream in = Documents.class.getClassLoader().getResourceAsStream(RESOURCE_DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalStateException("the document " + file + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
