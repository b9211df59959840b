package io.tidepool.platform;

import java.time.Duration;

import jakarta.annotation.Priority;

import org.eclipse.microprofile.config.spi.Converter;

/** Lets every {@code Duration} configuration value be written as {@code 30s} or {@code PT30S}. */
@Priority(200)
public class HumanDurationConverter implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return HumanDuration.parse(value);
    }
}
