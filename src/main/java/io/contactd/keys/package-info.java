/** The API key endpoints, {@code /v3/api_keys} and {@code /v3/scopes}. */
package io.contactd.keys;
