/**
 * Demo traffic ({@code tidepool.demo.enabled}): realistic synthetic telemetry for five services,
 * sent as OTLP through the same receiver, mapping and writer as real senders, so a newcomer has live
 * data to query at once.
 */
package io.tidepool.demo;
