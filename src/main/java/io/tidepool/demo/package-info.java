/**
 * Demo traffic ({@code tidepool.demo.enabled}): realistic synthetic telemetry for five services,
 * written through the same writer as real senders, so a newcomer has live data to query at once.
 */
package io.tidepool.demo;
