/**
 * Who is calling: accounts (parent and subusers), API keys (only a hash of the secret is stored),
 * scopes, and the {@link io.contactd.auth.Authenticator} that turns the Authorization and
 * on-behalf-of headers into a {@link io.contactd.auth.Principal} with SendGrid's 401/403 answers.
 */
package io.contactd.auth;
