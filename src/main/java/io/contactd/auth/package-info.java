/**
 * Who is calling: accounts (parent and subusers), API keys (only a hash of the secret is stored),
 * scopes, and the {@link io.contactd.auth.Authenticator} that turns the Authorization and
 * on-behalf-of headers into a {@link io.contactd.auth.Principal} or throws {@link
 * io.contactd.auth.Unauthenticated} (401) or {@link io.contactd.auth.Forbidden} (403). Knows
 * nothing of HTTP.
 */
package io.contactd.auth;
