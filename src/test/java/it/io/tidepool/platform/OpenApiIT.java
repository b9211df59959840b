package it.io.tidepool.platform;

import static it.io.tidepool.support.TidepoolServer.asMonitor;
import static it.io.tidepool.support.TidepoolServer.managementHttps;
import static it.io.tidepool.support.TidepoolServer.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.json.JsonObject;
import jakarta.ws.rs.HttpMethod;

import org.junit.jupiter.api.Test;

import it.io.tidepool.support.Reply;

/**
 * The OpenAPI document on the management endpoint (HTTPS, a management user: ManagementSecurityIT) lists every public path: the SDK API, the
 * script API and the OTLP receiver. The expected paths come from the compiled JAX-RS resources
 * themselves, so a new endpoint without documentation fails here.
 */
class OpenApiIT {

    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void everyResourcePathIsDocumented() throws Exception {
        Reply reply = send(HttpRequest.newBuilder(managementHttps("/openapi?format=JSON")).header("Authorization", asMonitor()));
        assertEquals(200, reply.status(), reply::toString);
        JsonObject document = reply.json();
        assertEquals("Tidepool", document.getJsonObject("info").getString("title"));
        Set<String> documented = document.getJsonObject("paths").keySet();

        Set<String> expected = resourcePaths();
        assertTrue(expected.containsAll(Set.of("/db/query", "/scripts", "/runs/{id}/output/stream", "/v1/traces", "/v1/metrics")),
                "the scan found the three planes' resources: " + expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(documented);
        assertTrue(missing.isEmpty(), "not documented: " + missing + " (documented: " + documented + ")");
    }

    /** Every path of a resource method (a method with an HTTP method annotation) in the application's classes. */
    private static Set<String> resourcePaths() throws IOException, ClassNotFoundException {
        Set<String> paths = new TreeSet<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, OpenApiIT.class.getClassLoader());
                jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    if (Stream.of(method.getAnnotations()).anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class))) {
                        jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                        paths.add(join(root.value(), sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        return paths;
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
