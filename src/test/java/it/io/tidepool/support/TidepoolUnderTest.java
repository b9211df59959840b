package it.io.tidepool.support;

import java.net.URI;

import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.jaxrs.client.WebClient;
import org.microshed.testing.ApplicationEnvironment;
import org.microshed.testing.ManuallyStartedConfiguration;
import org.microshed.testing.jaxrs.RestClientBuilder;

/**
 * Where the contract ITs ({@code @MicroShedTest}) find Tidepool: the SDK API at MicroShed's application URL, the
 * admin and OTLP planes beside it. MicroShed picks the environment: the server the build started (its manual
 * environment, which failsafe switches on with {@code microshed_manual_env=true}), the runnable jar (the same
 * environment pointed at {@link TidepoolJar}, {@code mvn verify -Pjar-tests}) or the container image
 * ({@link TidepoolImage}, {@code mvn verify -Pimage-tests}).
 */
public final class TidepoolUnderTest {

    private TidepoolUnderTest() {
    }

    /** The three planes of one running Tidepool, as base URLs without a trailing slash. */
    public record Planes(String sdk, String admin, String otlp) {
    }

    public static Planes planes() {
        ApplicationEnvironment environment = ApplicationEnvironment.Resolver.load();
        if (TidepoolJar.isTarget()) {
            return TidepoolJar.start();
        }
        if (environment instanceof ManuallyStartedConfiguration) {
            return new Planes(withoutSlash(environment.getApplicationURL()), "https://127.0.0.1:" + TidepoolServer.ADMIN_PORT,
                    "http://127.0.0.1:" + TidepoolServer.OTLP_PORT);
        }
        return TidepoolImage.planes();
    }

    /** A typed client of the admin plane, over HTTPS trusting the test certificate, as the administrator. */
    public static <T> T adminClient(Class<T> api) {
        T client = new RestClientBuilder().withAppContextRoot(planes().admin()).withJaxrsPath("/")
                .withBasicAuth("admin", TidepoolServer.credential("admin-password")).build(api);
        TLSClientParameters tls = new TLSClientParameters();
        tls.setTrustManagers(TidepoolServer.trustManagers());
        WebClient.getConfig(client).getHttpConduit().setTlsClientParameters(tls);
        return client;
    }

    /** A typed client of the OTLP plane. */
    public static <T> T otlpClient(Class<T> api) {
        return new RestClientBuilder().withAppContextRoot(planes().otlp()).withJaxrsPath("/").build(api);
    }

    public static URI sdk(String pathAndQuery) {
        return URI.create(planes().sdk() + pathAndQuery);
    }

    public static URI admin(String pathAndQuery) {
        return URI.create(planes().admin() + pathAndQuery);
    }

    private static String withoutSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
