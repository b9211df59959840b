package io.tidepool.security;

import static io.tidepool.security.BasicCredentialsTest.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.tidepool.security.ManagementLoginInterceptor.Verdict;

class ManagementLoginInterceptorTest {

    /** The user registry of these tests: admin and monitor with their passwords, and a third user it also knows. */
    private static final Map<String, String> REGISTRY = Map.of("admin", "a-pass", "monitor", "m-pass", "other", "o-pass");

    private final List<String> asked = new ArrayList<>();
    private final ManagementLoginInterceptor interceptor = new ManagementLoginInterceptor((user, password) -> {
        asked.add(user);
        return password.equals(REGISTRY.get(user)) ? "sec:" + user : null;
    });

    ManagementLoginInterceptorTest() {
        Properties properties = new Properties();
        properties.setProperty(ManagementLoginInterceptor.PATHS, "/openapi");
        properties.setProperty(ManagementLoginInterceptor.USERS, "admin, monitor");
        interceptor.initialize(properties);
    }

    @Test
    void trustsTheConfiguredUsersWithTheirRegistryName() {
        assertEquals(new Verdict.Trusted("sec:admin"), interceptor.verdict(true, basic("admin:a-pass")));
        assertEquals(new Verdict.Trusted("sec:monitor"), interceptor.verdict(true, basic("monitor:m-pass")));
    }

    @Test
    void asksForAUserWhenThereIsNone() {
        Verdict.Refused refused = (Verdict.Refused) interceptor.verdict(true, null);
        assertEquals(401, refused.status());
        assertEquals("unauthenticated", refused.code());
        assertEquals(401, ((Verdict.Refused) interceptor.verdict(true, "Bearer abc")).status());
    }

    @Test
    void refusesAWrongPassword() {
        assertEquals(new Verdict.Refused(401, "unauthenticated", "user name or password not accepted"),
                interceptor.verdict(true, basic("monitor:a-pass")));
    }

    @Test
    void refusesRegistryUsersThatAreNotManagementUsersWithoutAskingTheRegistry() {
        assertEquals(new Verdict.Refused(401, "unauthenticated", "user name or password not accepted"),
                interceptor.verdict(true, basic("other:o-pass")));
        assertEquals(List.of(), asked);
    }

    @Test
    void refusesPlainHttpBeforeLookingAtCredentials() {
        Verdict.Refused refused = (Verdict.Refused) interceptor.verdict(false, basic("admin:a-pass"));
        assertEquals(403, refused.status());
        assertEquals("https_required", refused.code());
        assertEquals(List.of(), asked);
    }

    @Test
    void aRegistryFailureIsARefusalNotAnError() {
        ManagementLoginInterceptor broken = new ManagementLoginInterceptor((user, password) -> {
            throw new IllegalStateException("registry down");
        });
        Properties properties = new Properties();
        properties.setProperty(ManagementLoginInterceptor.PATHS, "/openapi");
        properties.setProperty(ManagementLoginInterceptor.USERS, "admin");
        broken.initialize(properties);
        assertEquals(401, ((Verdict.Refused) broken.verdict(true, basic("admin:a-pass"))).status());
    }

    @Test
    void withoutUsersNobodyGetsIn() {
        ManagementLoginInterceptor empty = new ManagementLoginInterceptor((user, password) -> "sec:" + user);
        empty.initialize(new Properties());
        assertEquals(401, ((Verdict.Refused) empty.verdict(true, basic("admin:a-pass"))).status());
    }
}
