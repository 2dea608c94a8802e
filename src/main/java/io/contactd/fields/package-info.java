/**
 * Custom field definitions ({@code /v3/marketing/field_definitions}): the catalogue of reserved
 * fields ({@link io.contactd.fields.ReservedField}, which contacts, imports and exports derive
 * their columns, identifiers and file layouts from), custom fields with ids {@code e{n}_{T|N|D}}
 * counted per account, their names and types. Contacts store custom values keyed by these ids.
 */
package io.contactd.fields;
