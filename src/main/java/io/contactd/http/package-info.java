/**
 * HTTP plumbing shared by every feature: the authenticated route wrapper ({@link
 * io.contactd.http.Api}), SendGrid-shaped errors ({@link io.contactd.http.ErrorMapper}), JSON
 * parsing, rate limits and the public base URL.
 */
package io.contactd.http;
