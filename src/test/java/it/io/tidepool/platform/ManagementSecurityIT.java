package it.io.tidepool.platform;

import static it.io.tidepool.support.TidepoolServer.admin;
import static it.io.tidepool.support.TidepoolServer.asAdmin;
import static it.io.tidepool.support.TidepoolServer.asMonitor;
import static it.io.tidepool.support.TidepoolServer.basic;
import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.management;
import static it.io.tidepool.support.TidepoolServer.managementHttps;
import static it.io.tidepool.support.TidepoolServer.sdk;
import static it.io.tidepool.support.TidepoolServer.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;

import it.io.tidepool.support.Reply;
import it.io.tidepool.support.TidepoolServer;

/**
 * Who may use the management side: the script API, the OpenAPI document and UI and the admin console's
 * REST connector need a user of the basic registry (administrator to change, monitor to look), over TLS only; health
 * probes and Prometheus metrics stay open for orchestrators.
 */
class ManagementSecurityIT {

    private static final String PROBE_SCRIPT = "monitor-may-not-register";

    @Test
    void theScriptApiAsksForAUserAndChecksThePassword() {
        Reply anonymous = get(admin("/scripts"));
        assertEquals(401, anonymous.status(), anonymous::toString);
        assertEquals("unauthenticated", anonymous.errorCode());
        assertTrue(anonymous.header("WWW-Authenticate").startsWith("Basic realm=\"tidepool\""), anonymous.headers()::toString);

        Reply wrongPassword = as(basic("admin", "not-the-password"), HttpRequest.newBuilder(admin("/scripts")).GET());
        assertEquals(401, wrongPassword.status(), wrongPassword::toString);
        assertEquals("unauthenticated", wrongPassword.errorCode());

        Reply notBasic = as("Bearer something", HttpRequest.newBuilder(admin("/scripts")).GET());
        assertEquals(401, notBasic.status(), notBasic::toString);
    }

    @Test
    void theMonitorMayReadButNotChange() {
        Reply list = as(asMonitor(), HttpRequest.newBuilder(admin("/scripts")).GET());
        assertEquals(200, list.status(), list::toString);

        String definition = Json.createObjectBuilder().add("name", PROBE_SCRIPT).add("source", "console.log(1);").build().toString();
        Reply register = as(asMonitor(), HttpRequest.newBuilder(admin("/scripts")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(definition)));
        assertEquals(403, register.status(), register::toString);
        assertEquals("forbidden", register.errorCode());
        assertEquals(404, as(asAdmin(), HttpRequest.newBuilder(admin("/scripts/" + PROBE_SCRIPT)).GET()).status(),
                "nothing was registered");

        Reply delete = as(asMonitor(), HttpRequest.newBuilder(admin("/scripts/" + PROBE_SCRIPT)).DELETE());
        assertEquals(403, delete.status(), delete::toString);
    }

    @Test
    void theAdminPortSpeaksOnlyTls() {
        URI plain = URI.create("http://127.0.0.1:" + TidepoolServer.ADMIN_PORT + "/scripts");
        assertThrows(UncheckedIOException.class, () -> as(asAdmin(), HttpRequest.newBuilder(plain).GET()),
                "credentials must never be accepted in clear");
    }

    @Test
    void scriptsStillSeeOnlyTheirPlane() {
        // The SDK port answers administration paths as missing, before any question of users.
        Reply fromAScript = get(sdk("/scripts"));
        assertEquals(404, fromAScript.status(), fromAScript::toString);
        assertEquals("not_found", fromAScript.errorCode());
    }

    @Test
    void theOpenApiDocumentAndUiNeedAManagementUserOverTls() {
        for (String path : List.of("/openapi", "/openapi/ui/")) {
            Reply anonymous = get(managementHttps(path));
            assertEquals(401, anonymous.status(), anonymous::toString);
            assertEquals("unauthenticated", anonymous.errorCode());
            assertEquals("Basic realm=\"tidepool\", charset=\"UTF-8\"", anonymous.header("WWW-Authenticate"));

            Reply wrongPassword = as(basic("monitor", "not-the-password"), HttpRequest.newBuilder(managementHttps(path)).GET());
            assertEquals(401, wrongPassword.status(), wrongPassword::toString);
            assertEquals("user name or password not accepted", wrongPassword.errorMessage());

            for (String user : List.of(asMonitor(), asAdmin())) {
                Reply allowed = as(user, HttpRequest.newBuilder(managementHttps(path)).GET());
                assertEquals(200, allowed.status(), allowed::toString);
            }

            Reply inClear = as(asMonitor(), HttpRequest.newBuilder(management(path)).GET());
            assertEquals(403, inClear.status(), inClear::toString);
            assertEquals("https_required", inClear.errorCode());
        }
        Reply ui = as(asMonitor(), HttpRequest.newBuilder(managementHttps("/openapi/ui/")).GET());
        assertTrue(ui.body().contains("<html"), "the UI's page itself: " + ui.body());
    }

    @Test
    void anEscapedPathDoesNotWalkPastTheOpenApiLogin() {
        // Liberty serves /%6Fpenapi as /openapi (measured), so the login must decode before it compares.
        for (String path : List.of("/%6Fpenapi", "/%6fpenapi/ui/", "/openapi%2Fui/")) {
            Reply escaped = get(managementHttps(path));
            assertEquals(401, escaped.status(), path + ": " + escaped);
        }
    }

    @Test
    void probesAndMetricsStayOpen() {
        assertEquals(200, get(management("/health/ready")).status());
        assertEquals(200, get(management("/health/live")).status());
        // Open paths ignore credentials: a probe or scraper configured with stale ones still gets its answer.
        for (String authorization : List.of(basic("monitor", "not-the-password"), "Bearer not-a-token")) {
            Reply ready = as(authorization, HttpRequest.newBuilder(management("/health/ready")).GET());
            assertEquals(200, ready.status(), authorization + ": " + ready);
        }
        Reply metrics = get(management("/metrics"));
        assertEquals(200, metrics.status(), metrics::toString);
        assertTrue(metrics.body().contains("tidepool_"), "Tidepool's own metrics are exported");
    }

    @Test
    void theAdminConsolesConnectorShowsBothPoolsToTheMonitorOnly() {
        TidepoolServer.rows("SELECT 1 AS one"); // Liberty registers a pool's statistics once it has served a connection
        URI pools = managementHttps("/IBMJMXConnectorREST/mbeans?objectName=WebSphere:type=ConnectionPoolStats,*");
        Reply anonymous = get(pools);
        assertEquals(401, anonymous.status(), anonymous::toString);

        Reply monitor = as(asMonitor(), HttpRequest.newBuilder(pools).GET());
        assertEquals(200, monitor.status(), monitor::toString);
        assertTrue(monitor.body().contains("jdbc/agentdb-ro"), "the reader pool: " + monitor);
        assertTrue(monitor.body().contains("jdbc/agentdb-rw"), "the writer pool: " + monitor);
    }

    @Test
    void theAdminConsoleLetsTheMonitorInAfterItsFormLogin() throws Exception {
        HttpClient browser = TidepoolServer.clientWithCookies();
        HttpResponse<String> first = browser.send(HttpRequest.newBuilder(managementHttps("/adminCenter/")).GET().build(), BodyHandlers.ofString());
        assertEquals(302, first.statusCode());
        assertTrue(first.headers().firstValue("Location").orElse("").endsWith("/adminCenter/login.jsp"), first.headers()::toString);

        assertEquals(302, login(browser, "monitor", "not-the-password").statusCode());
        assertTrue(login(browser, "monitor", "not-the-password").headers().firstValue("Location").orElse("").contains("login"),
                "a wrong password goes back to the login page");
        HttpResponse<String> loggedIn = login(browser, "monitor", TidepoolServer.credential("monitor-password"));
        assertEquals(302, loggedIn.statusCode());
        assertEquals(managementHttps("/adminCenter/").toString(), loggedIn.headers().firstValue("Location").orElse(""));
        HttpResponse<String> console = browser.send(HttpRequest.newBuilder(managementHttps("/adminCenter/")).GET().build(), BodyHandlers.ofString());
        assertEquals(200, console.statusCode(), "the console itself, not the login page");
    }

    /** Liberty's form login as a browser does it: the login page sets a CSRF cookie that the form echoes. */
    private static HttpResponse<String> login(HttpClient browser, String user, String password) throws Exception {
        browser.send(HttpRequest.newBuilder(managementHttps("/adminCenter/login.jsp")).GET().build(), BodyHandlers.discarding());
        String csrf = ((CookieManager) browser.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("csrfToken")).map(HttpCookie::getValue).findFirst().orElse("");
        String form = "j_username=" + encode(user) + "&j_password=" + encode(password) + "&X-CSRF-Token=" + encode(csrf);
        return browser.send(HttpRequest.newBuilder(managementHttps("/adminCenter/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Reply as(String authorization, HttpRequest.Builder request) {
        return send(request.header("Authorization", authorization));
    }
}
