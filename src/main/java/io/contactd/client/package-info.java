/**
 * A client of any server that speaks SendGrid's v3 Marketing API (SendGrid itself or contactd):
 * JSON calls with the API key that wait politely for the rate limit, and file transfers to the
 * signed download and upload URLs the server hands out, which never carry the key.
 */
package io.contactd.client;
