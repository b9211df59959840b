package it.io.tidepool.export;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server in the test JVM (S3Proxy over jclouds' in-memory blob store, with
 * signature checking), and a client of it. It can be stopped and started again on the same port
 * with the same objects, to stand for an outage of the store.
 */
final class ObjectStore implements AutoCloseable {

    static final String ACCESS_KEY = "tidepool-it";
    static final String SECRET_KEY = "tidepool-it-secret";
    static final String BUCKET = "fleet";

    private final BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("x", "y").build(BlobStoreContext.class);
    private final BlobStore blobs = context.getBlobStore();
    private final int port;
    private S3Proxy proxy;
    final S3Client client;

    ObjectStore() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        start();
        client = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        client.createBucket(request -> request.bucket(BUCKET));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    void start() throws Exception {
        proxy = S3Proxy.builder().blobStore(blobs).endpoint(endpoint())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("S3Proxy did not start in 30 s: " + proxy.getState());
            }
            Thread.sleep(50);
        }
    }

    void stop() throws Exception {
        proxy.stop();
    }

    List<String> keys(String prefix) {
        return client.listObjectsV2Paginator(request -> request.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    /** Downloads every object under {@code prefix} into {@code directory}, keeping the keys as paths. */
    Path download(String prefix, Path directory) throws IOException {
        for (String key : keys(prefix)) {
            Path file = directory.resolve(key);
            Files.createDirectories(file.getParent());
            client.getObject(request -> request.bucket(BUCKET).key(key), ResponseTransformer.toFile(file));
        }
        return directory.resolve(prefix);
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
        context.close();
    }
}
