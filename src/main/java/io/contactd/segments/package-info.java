/**
 * Segments 2.0: the SQL subset of {@code query_dsl} (parsed by {@link
 * io.contactd.segments.QueryParser}, checked and compiled to bound SQL by {@link
 * io.contactd.segments.QueryCompiler}).
 */
package io.contactd.segments;
