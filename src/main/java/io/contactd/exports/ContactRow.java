package io.contactd.exports;

/**
 * One contact as the export reads it: reserved fields as stored, {@code alternateEmails} and
 * {@code customFields} as their JSON text (custom fields keyed by field id), {@code listIds}
 * comma-separated (only read for JSON exports).
 */
record ContactRow(
    String id,
    String email,
    String phoneNumberId,
    String externalId,
    String anonymousId,
    String firstName,
    String lastName,
    String uniqueName,
    String alternateEmails,
    String addressLine1,
    String addressLine2,
    String city,
    String stateProvinceRegion,
    String postalCode,
    String country,
    String phoneNumber,
    String whatsapp,
    String line,
    String facebook,
    String customFields,
    long createdAt,
    long updatedAt,
    String listIds) {}
