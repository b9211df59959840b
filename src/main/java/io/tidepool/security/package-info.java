/**
 * Logins on the management side that Liberty's own configuration cannot express: the user and password
 * of an HTTP Basic header ({@link io.tidepool.security.BasicCredentials}, read by the application's
 * script API too), and {@link io.tidepool.security.ManagementLoginInterceptor}, a trust association
 * interceptor that puts Liberty's OpenAPI document and UI behind the administrator's and the monitor's
 * login. The interceptor is server code, not application code: the build packs this package into its own
 * jar, target/liberty-config/lib/tidepool-security.jar, which server.xml loads as a shared library.
 */
package io.tidepool.security;
