package io.tidepool.query.boundary;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.tidepool.platform.ApiException;
import io.tidepool.platform.JsonBody;
import io.tidepool.platform.RequestCleanup;
import io.tidepool.query.control.OpenQuery;
import io.tidepool.query.control.QueryLimits;
import io.tidepool.query.control.ResultFormat;
import io.tidepool.query.control.SqlQueries;
import io.tidepool.query.control.StreamSummary;
import io.tidepool.query.entity.SqlRequest;

/**
 * Read-only SQL for scripts, streamed as the seed's JSON document (default), NDJSON
 * ({@code Accept: application/x-ndjson}) or CSV ({@code Accept: text/csv}).
 *
 * <pre>
 * curl -s localhost:9003/db/query -H 'Content-Type: application/json' \
 *   -d '{"sql": "SELECT service_name, count(*) FROM otel_spans_local WHERE start_time &gt; now() - INTERVAL 5 MINUTE GROUP BY ALL"}'
 * </pre>
 */
@Tag(name = "sdk")
@Path("/db/query")
public class SqlResource {

    static final String COUNT_TRAILER = "Tidepool-Count";
    static final String TRUNCATED_TRAILER = "Tidepool-Truncated";
    static final String ERROR_TRAILER = "Tidepool-Error";

    @Inject
    SqlQueries queries;

    @Inject
    QueryLimits limits;

    @Inject
    RequestCleanup cleanup;

    @Context
    HttpServletRequest http;

    @Context
    HttpServletResponse response;

    @Context
    HttpHeaders headers;

    @POST
    public Response query(@HeaderParam("Content-Type") String contentType, InputStream body) {
        ResultFormat format = format();
        SqlRequest request = SqlRequest.from(JsonBody.object(contentType, body, limits.maxRequestBytes(), SqlRequest.EXAMPLE));
        OpenQuery result = cleanup.register(queries.open(request, SdkCaller.of(http)));
        AtomicReference<StreamSummary> ended = new AtomicReference<>();
        if (format.summaryInTrailers()) {
            // NDJSON and CSV cannot carry the count and truncation in the seed's document; trailers
            // can (CSV has no other place for them, NDJSON also has its closing line).
            response.setTrailerFields(() -> trailers(ended.get()));
        }
        StreamingOutput stream = out -> {
            try {
                ended.set(result.write(format, out));
            } finally {
                result.close();
            }
        };
        Response.ResponseBuilder answer = Response.ok(stream, MediaType.valueOf(format.mediaType() + ";charset=utf-8"));
        if (format.summaryInTrailers()) {
            answer.header("Trailer", COUNT_TRAILER + ", " + TRUNCATED_TRAILER + ", " + ERROR_TRAILER);
        }
        return answer.build();
    }

    private ResultFormat format() {
        List<String> accepted = headers.getAcceptableMediaTypes().stream().map(MediaType::toString).toList();
        ResultFormat format = ResultFormat.preferred(accepted);
        if (format == null) {
            throw new ApiException(406, "not_acceptable", "results are available as application/json, "
                    + "application/x-ndjson or text/csv; the request accepts only " + String.join(", ", accepted));
        }
        return format;
    }

    private static Map<String, String> trailers(StreamSummary summary) {
        if (summary == null) {
            return Map.of();
        }
        Map<String, String> trailers = new java.util.LinkedHashMap<>();
        trailers.put(COUNT_TRAILER, Long.toString(summary.count()));
        trailers.put(TRUNCATED_TRAILER, Boolean.toString(summary.truncated()));
        if (summary.failure() != null) {
            // Header values are single-line ISO-8859-1 text: the code, then the message made safe.
            trailers.put(ERROR_TRAILER, summary.failure().code() + ": "
                    + summary.failure().getMessage().replaceAll("[^\\x20-\\x7E]", " "));
        }
        return trailers;
    }
}
