/**
 * Custom field definitions ({@code /v3/marketing/field_definitions}): the reserved field table of
 * the contract, custom fields with ids {@code e{n}_{T|N|D}} counted per account, their names and
 * types. Contacts store custom values keyed by these ids.
 */
package io.contactd.fields;
