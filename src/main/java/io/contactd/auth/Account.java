package io.contactd.auth;

/** A SendGrid user: the parent account or one of its subusers. */
public record Account(long id, Long parentId, String username, String email) {}
