package io.contactd.fields;

/** One custom field of an account: {@code id} like {@code e3_T}, the name as created, its type. */
public record FieldDefinition(String id, String name, FieldType type) {}
