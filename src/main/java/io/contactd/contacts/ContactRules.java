package io.contactd.contacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactd.fields.FieldDefinition;
import io.contactd.fields.FieldType;
import io.contactd.fields.ReservedField;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates and normalises one contact, from a JSON object (PUT /contacts) or from raw strings (CSV
 * imports), against the custom fields of one account. Never throws for bad input: the result is
 * either a {@link ContactInput} or a field and a message.
 */
public final class ContactRules {
  /** Reserved text columns a client may write, with their maximum lengths (contract §1.2). */
  public static final Map<String, Integer> WRITABLE = writable();

  private static final String ALTERNATE_EMAILS = ReservedField.ALTERNATE_EMAILS.fieldName();
  private static final String IDENTIFIER_NAMES = identifierNames();

  public static final int MAX_ALTERNATE_EMAILS = 5;
  public static final int MAX_TEXT_VALUE = 1000;

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern US_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");

  /** What a check gave: the normalised contact, or why it was refused. */
  public sealed interface Checked permits Valid, Invalid {}

  public record Valid(ContactInput contact) implements Checked {}

  public record Invalid(String field, String message) implements Checked {}

  private final Map<String, FieldDefinition> fieldsById = new HashMap<>();

  public ContactRules(Collection<FieldDefinition> customFields) {
    for (FieldDefinition f : customFields) {
      fieldsById.put(f.id(), f);
    }
  }

  private static Map<String, Integer> writable() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (ReservedField f : ReservedField.writableText()) {
      m.put(f.fieldName(), f.maxLength());
    }
    return Map.copyOf(m);
  }

  /** "email, phone_number_id, external_id or anonymous_id" */
  private static String identifierNames() {
    List<String> names = Arrays.stream(Identifier.values()).map(Identifier::column).toList();
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
  }

  /** One element of {@code contacts[]}; {@code prefix} names it in messages, e.g. "contacts[3]". */
  public Checked fromJson(JsonNode node, String prefix) {
    if (node == null || !node.isObject()) {
      return new Invalid(prefix, "each contact must be a JSON object");
    }
    Map<String, String> fields = new HashMap<>();
    List<String> alternates = null;
    Map<String, Object> custom = Map.of();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (WRITABLE.containsKey(key)) {
        if (value.isNull()) {
          continue;
        }
        if (!value.isTextual()) {
          return new Invalid(prefix + "." + key, key + " must be a string");
        }
        Invalid bad = putText(fields, key, value.asText(), prefix);
        if (bad != null) {
          return bad;
        }
      } else if (key.equals(ALTERNATE_EMAILS)) {
        if (value.isNull()) {
          continue;
        }
        if (!value.isArray()) {
          return new Invalid(
              prefix + ".alternate_emails", "alternate_emails must be an array of strings");
        }
        List<String> raw = new ArrayList<>();
        for (JsonNode a : value) {
          if (!a.isTextual()) {
            return new Invalid(
                prefix + ".alternate_emails", "alternate_emails must be an array of strings");
          }
          raw.add(a.asText());
        }
        Checked c = alternates(raw, prefix);
        if (c instanceof Invalid i) {
          return i;
        }
        alternates = ((Valid) c).contact().alternateEmails();
      } else if (key.equals("custom_fields")) {
        if (value.isNull()) {
          continue;
        }
        if (!value.isObject()) {
          return new Invalid("", "invalid input");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> c = value.fields(); c.hasNext(); ) {
          Map.Entry<String, JsonNode> cf = c.next();
          FieldDefinition def = fieldsById.get(cf.getKey());
          if (def == null) {
            unknown.add(cf.getKey());
            continue;
          }
          if (cf.getValue().isNull()) {
            continue;
          }
          Object parsed = jsonValue(def, cf.getValue());
          if (parsed == null) {
            return new Invalid(
                prefix + ".custom_fields." + def.id(),
                "invalid value for custom field " + def.name() + " (" + def.type() + ")");
          }
          values.put(def.id(), parsed);
        }
        if (!unknown.isEmpty()) {
          return new Invalid("custom_fields", unknownIds(unknown));
        }
        custom = values;
      }
      // Unknown keys (e.g. listIds) are ignored, as SendGrid does.
    }
    return finish(fields, alternates, custom, prefix);
  }

  /**
   * One CSV row: reserved values by column name, custom values by field id, each as the raw cell.
   * Empty cells count as not given. {@code alternateEmails} is a comma-separated cell or null.
   */
  public Checked fromStrings(
      Map<String, String> reserved,
      String alternateEmails,
      Map<String, String> customById,
      String prefix) {
    Map<String, String> fields = new HashMap<>();
    for (Map.Entry<String, String> e : reserved.entrySet()) {
      if (!WRITABLE.containsKey(e.getKey())) {
        return new Invalid(prefix + "." + e.getKey(), e.getKey() + " cannot be written");
      }
      if (e.getValue() == null || e.getValue().isEmpty()) {
        continue;
      }
      Invalid bad = putText(fields, e.getKey(), e.getValue(), prefix);
      if (bad != null) {
        return bad;
      }
    }
    List<String> alternates = null;
    if (alternateEmails != null && !alternateEmails.isBlank()) {
      List<String> raw = new ArrayList<>();
      for (String a : alternateEmails.split(",")) {
        if (!a.isBlank()) {
          raw.add(a.trim());
        }
      }
      Checked c = alternates(raw, prefix);
      if (c instanceof Invalid i) {
        return i;
      }
      alternates = ((Valid) c).contact().alternateEmails();
    }
    Map<String, Object> custom = new LinkedHashMap<>();
    Set<String> unknown = new LinkedHashSet<>();
    for (Map.Entry<String, String> e : customById.entrySet()) {
      FieldDefinition def = fieldsById.get(e.getKey());
      if (def == null) {
        unknown.add(e.getKey());
        continue;
      }
      if (e.getValue() == null || e.getValue().isEmpty()) {
        continue;
      }
      Object parsed = parseString(def.type(), e.getValue());
      if (parsed == null) {
        return new Invalid(
            prefix + ".custom_fields." + def.id(),
            "invalid value for custom field " + def.name() + " (" + def.type() + ")");
      }
      custom.put(def.id(), parsed);
    }
    if (!unknown.isEmpty()) {
      return new Invalid("custom_fields", unknownIds(unknown));
    }
    return finish(fields, alternates, custom, prefix);
  }

  static String unknownIds(Collection<String> ids) {
    return "invalid custom field ids supplied - " + String.join(", ", ids);
  }

  private static Checked finish(
      Map<String, String> fields,
      List<String> alternates,
      Map<String, Object> custom,
      String prefix) {
    boolean identified = false;
    for (Identifier i : Identifier.values()) {
      String v = fields.get(i.column());
      if (v != null && !v.isEmpty()) {
        identified = true;
      } else {
        fields.remove(i.column());
      }
    }
    if (!identified) {
      return new Invalid(prefix, "contact must have at least one identifier: " + IDENTIFIER_NAMES);
    }
    return new Valid(new ContactInput(fields, alternates, custom));
  }

  private static Invalid putText(
      Map<String, String> fields, String key, String value, String prefix) {
    int max = WRITABLE.get(key);
    if (value.length() > max) {
      return new Invalid(prefix + "." + key, key + " must be at most " + max + " characters");
    }
    if (key.equals(Identifier.EMAIL.column())) {
      if (value.isEmpty()) {
        return null;
      }
      value = value.trim().toLowerCase(Locale.ROOT);
      if (!EMAIL.matcher(value).matches()) {
        return new Invalid(prefix + "." + key, key + " is not a valid email address");
      }
    }
    fields.put(key, value);
    return null;
  }

  private static Checked alternates(List<String> raw, String prefix) {
    if (raw.size() > MAX_ALTERNATE_EMAILS) {
      return new Invalid(
          prefix + ".alternate_emails",
          "at most " + MAX_ALTERNATE_EMAILS + " alternate_emails are allowed");
    }
    List<String> out = new ArrayList<>();
    for (String a : raw) {
      String email = a.trim().toLowerCase(Locale.ROOT);
      if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
        return new Invalid(
            prefix + ".alternate_emails", "alternate_emails contains an invalid email address");
      }
      if (!out.contains(email)) {
        out.add(email);
      }
    }
    return new Valid(new ContactInput(Map.of(), out, Map.of()));
  }

  private static Object jsonValue(FieldDefinition def, JsonNode value) {
    return switch (def.type()) {
      case Text ->
          value.isTextual() && value.asText().length() <= MAX_TEXT_VALUE ? value.asText() : null;
      // 1e309 parses as an infinite double, which has no decimal value: refused like NaN.
      case Number ->
          value.isNumber() && Double.isFinite(value.doubleValue())
              ? number(value.decimalValue())
              : null;
      case Date -> value.isTextual() ? date(value.asText()) : null;
    };
  }

  /** A cell or string value of the given type, normalised; null when it is not one. */
  public static Object parseString(FieldType type, String raw) {
    return switch (type) {
      case Text -> raw.length() <= MAX_TEXT_VALUE ? raw : null;
      case Number -> {
        try {
          yield number(new BigDecimal(raw.trim()));
        } catch (NumberFormatException e) {
          yield null;
        }
      }
      case Date -> date(raw);
    };
  }

  private static Object number(BigDecimal d) {
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      double v = d.doubleValue();
      return Double.isFinite(v) ? v : null;
    }
  }

  /**
   * Dates as SendGrid's CSV and API accept them: ISO date or date-time, or {@code MM/DD/YYYY} and
   * {@code M/D/YYYY}. Stored as an ISO instant at whole seconds, UTC.
   */
  public static String date(String raw) {
    String s = raw.trim();
    try {
      Matcher us = US_DATE.matcher(s);
      if (us.matches()) {
        LocalDate d =
            LocalDate.of(
                Integer.parseInt(us.group(3)),
                Integer.parseInt(us.group(1)),
                Integer.parseInt(us.group(2)));
        return d.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
      }
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
      }
      Instant instant = OffsetDateTime.parse(s).toInstant();
      return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (java.time.DateTimeException | NumberFormatException e) {
      return null;
    }
  }
}
