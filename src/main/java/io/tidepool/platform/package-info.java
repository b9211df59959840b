/**
 * Web plumbing shared by every Tidepool component: the JAX-RS application, the one JSON error
 * shape ({@code {"error":{"code","message"}}}) and its exception mapper, the filter that decides
 * which paths answer on which port (SDK, OTLP, admin), bounded request-body reading, and the
 * human duration format ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}) used by the API and
 * by configuration, and log events whose facts reach Liberty's JSON logs as fields.
 */
package io.tidepool.platform;
