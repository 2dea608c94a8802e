package io.contactd.lists;

/** One stored list; {@code seq} is its key in {@code list_members}. */
public record ListRow(long seq, String id, String name) {}
