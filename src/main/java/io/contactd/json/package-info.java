/**
 * JSON shared by every package: the one {@link io.contactd.json.Json#MAPPER} configuration and
 * request-body parsing. Depends on nothing of contactd, so stores and jobs can use it without
 * reaching into the HTTP layer.
 */
package io.contactd.json;
