/**
 * HTTP plumbing shared by every feature: the authenticated route wrapper ({@link
 * io.contactd.http.Api}), SendGrid-shaped errors ({@link io.contactd.http.ErrorMapper}, also for
 * the exceptions of {@code auth} and {@code json}), rate limits and the public base URL. Nothing
 * below it depends on it: {@code auth}, {@code json}, stores and jobs throw their own exceptions.
 */
package io.contactd.http;
