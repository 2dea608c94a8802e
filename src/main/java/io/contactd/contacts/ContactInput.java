package io.contactd.contacts;

import java.util.List;
import java.util.Map;

/**
 * One validated contact of a write: only what the request gave, so that omitted fields keep their
 * stored values.
 *
 * @param fields reserved text fields by column name (identifiers included), emails lower-cased
 * @param alternateEmails lower-cased; null when not given (keep the stored ones)
 * @param customFields values by custom field id: String (Text), Double/Long (Number), ISO String
 *     (Date)
 */
public record ContactInput(
    Map<String, String> fields, List<String> alternateEmails, Map<String, Object> customFields) {

  public String email() {
    return fields.get(Identifier.EMAIL.column());
  }

  public String identifier(Identifier type) {
    return fields.get(type.column());
  }
}
