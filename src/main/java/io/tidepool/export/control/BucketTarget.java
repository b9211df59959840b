package io.tidepool.export.control;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * An S3-compatible bucket (AWS, MinIO, Ceph, GCS interoperability) through the AWS SDK for Java v2.
 * One PUT per file: an object appears whole or not at all. Credentials come from
 * {@code tidepool.export.s3.access-key-id} and {@code ...secret-access-key} when both are set (Liberty
 * variables, for instance files of a Kubernetes secret), otherwise from the SDK's default chain
 * (environment, profile, web identity, instance role). The SDK retries throttling and network
 * failures itself; {@link Exporter} retries what still fails at its next run, with backoff.
 */
final class BucketTarget implements ExportTarget {

    private final S3Client client;
    private final String bucket;
    private final String prefix;

    BucketTarget(URI target, Optional<String> endpoint, String region, boolean pathStyle, Optional<String> accessKeyId,
            Optional<String> secretAccessKey) {
        this.bucket = target.getHost();
        String path = target.getPath() == null ? "" : target.getPath().replaceAll("^/+|/+$", "");
        this.prefix = path.isEmpty() ? "" : path + "/";
        AwsCredentialsProvider credentials = accessKeyId.isPresent() && secretAccessKey.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey.get()))
                : DefaultCredentialsProvider.create();
        var builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.of(region))
                .credentialsProvider(credentials).forcePathStyle(pathStyle);
        endpoint.ifPresent(value -> builder.endpointOverride(URI.create(value)));
        this.client = builder.build();
    }

    @Override
    public void put(Path file, String key) throws IOException {
        try {
            client.putObject(PutObjectRequest.builder().bucket(bucket).key(prefix + key).contentType("application/vnd.apache.parquet")
                    .build(), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new IOException("PUT s3://" + bucket + "/" + prefix + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "bucket s3://" + bucket + "/" + prefix;
    }
}
