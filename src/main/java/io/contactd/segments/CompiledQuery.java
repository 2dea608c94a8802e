package io.contactd.segments;

import java.util.List;

/**
 * A segment query as a condition on {@code contacts c} and the values of its {@code ?}s in order
 * (Long, Double or String).
 */
record CompiledQuery(String where, List<Object> values) {
  CompiledQuery {
    values = List.copyOf(values);
  }
}
