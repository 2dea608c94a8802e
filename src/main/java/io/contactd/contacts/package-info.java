/**
 * Contacts: validation of one contact ({@link io.contactd.contacts.ContactRules}), the batch upsert
 * ({@link io.contactd.contacts.ContactWriter}) that PUT /contacts and CSV imports share, reads and
 * searches, and the durable contact jobs (upserts, deletes) reported by {@code GET
 * /v3/marketing/contacts/imports/{id}}, whose table {@code contact_jobs} only {@link
 * io.contactd.contacts.ContactJobStore} writes. List membership lives in {@code list_members};
 * custom values in {@code contacts.custom_fields} as a JSON object keyed by field id.
 */
package io.contactd.contacts;
