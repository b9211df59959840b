package io.tidepool.query.boundary;

import jakarta.servlet.http.HttpServletRequest;

import io.tidepool.query.entity.Caller;

/** The {@link Caller} that {@link SdkRequestObserver} identified, kept on the request for the resources. */
final class SdkCaller {

    private static final String ATTRIBUTE = Caller.class.getName();

    private SdkCaller() {
    }

    static void set(HttpServletRequest request, Caller caller) {
        request.setAttribute(ATTRIBUTE, caller);
    }

    static Caller of(HttpServletRequest request) {
        Object caller = request.getAttribute(ATTRIBUTE);
        return caller instanceof Caller c ? c : Caller.remote(request.getRemoteAddr(), request.getRemotePort());
    }
}
