/**
 * Contact lists ({@code /v3/marketing/lists}): the {@code lists} table and list membership in
 * {@code list_members (list_seq, contact_seq)}, whose primary key an export of a list walks. Work
 * on the contacts of a list (deleting them, unlinking them) is queued through {@link
 * io.contactd.lists.ListContacts}, which the contacts package implements.
 */
package io.contactd.lists;
